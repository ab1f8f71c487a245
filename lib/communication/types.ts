import type { HttpMethod } from '../service/http-methods.ts';
import type { Notification } from '../protocol/notification.ts';

export type { Notification };

/** Options of one call to another service's entrypoint. */
export interface CallOptions {
  /** Call this version only; without it main answers and every shadow gets a copy. */
  readonly version?: string;
  /** HTTP method of the remote entrypoint (default POST). */
  readonly method?: HttpMethod;
  /** Milliseconds one attempt may take before it is aborted. */
  readonly timeout?: number;
  /** Extra attempts after a failure; only used where a repeat is safe. */
  readonly retry?: number;
  /** Milliseconds to wait between attempts. */
  readonly retryDelay?: number;
  /** Extra request headers. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Aborts the call. */
  readonly signal?: AbortSignal;
}

/** A call of `service`'s `entrypoint` with `args`, as handed to a {@link ServiceCaller}. */
export interface ServiceCallRequest extends CallOptions {
  /** Name of the service to call. */
  readonly service: string;
  /** Name of its entrypoint. */
  readonly entrypoint: string;
  /** The arguments: a JSON body, or query parameters for GET. */
  readonly args?: unknown;
}

/** Performs a call to another service and resolves to its parsed JSON result. */
export type ServiceCaller = (request: ServiceCallRequest) => Promise<unknown>;

/** Options of a notification. */
export interface NotifyOptions {
  /** Show it on the manager's dashboard (default true). */
  readonly dashboard?: boolean;
  /** E-mail addresses to send it to. */
  readonly emails?: readonly string[];
  /** Seconds before the same notification may be sent again (negative means 0). */
  readonly timer?: number;
}

/** Delivers a notification payload; rejects when it could not be delivered. */
export type Notifier = (notification: Notification) => Promise<void>;
