import type { ConsolaInstance } from 'consola';
import { toNotification } from '../communication/notify.ts';
import { linkSignals, type LinkedSignal } from '../communication/_any-signal.ts';
import { clientFor } from '../communication/service-client.ts';
import { Severity } from '../protocol/severity.ts';
import type { CallOptions, Notifier, NotifyOptions, ServiceCaller } from '../communication/types.ts';
import type { Context, ServiceIdentity } from '../service/types.ts';
import type { Clock } from './clock.ts';
import type { ParameterState } from './parameter-state.ts';

/** What every context of one running service shares. */
export interface ContextDeps {
  readonly identity: ServiceIdentity;
  readonly clock: Clock;
  readonly log: ConsolaInstance;
  readonly parameters: ParameterState;
  readonly store: (values: Readonly<Record<string, unknown>>) => void;
  readonly call: ServiceCaller;
  readonly notify: Notifier;
  /** Aborted when the service shuts down. */
  readonly shutdown: AbortSignal;
}

/** Something with an abort signal that may be costly to make, such as a request. */
export interface SignalSource {
  readonly signal: AbortSignal;
}

const SOURCE = Symbol('signal source');
const LINK = Symbol('linked signal');

interface ContextState {
  [SOURCE]?: SignalSource | undefined;
  [LINK]?: LinkedSignal;
}

/** Makes contexts, and lets go of what one holds once its request or job run is over. */
export interface ContextFactory {
  /** The context of one request (with its signal source) or job run. */
  create(source?: SignalSource): Context;
  /** Removes the listener a context's signal put on the shutdown signal. */
  release(context: Context): void;
}

/**
 * Makes the context of one request or job run: an object on a shared prototype that holds only
 * where its signal comes from. A request's signal costs a listener, so it is read (and combined
 * with the shutdown signal) only when a handler looks at `ctx.signal`.
 */
export function createContextFactory(deps: ContextDeps): ContextFactory {
  // Calls end when the service shuts down, unless the caller brings its own signal.
  const caller: ServiceCaller = (request) => deps.call({ ...request, signal: request.signal ?? deps.shutdown });
  const base: Omit<Context, 'signal'> = {
    parameter: (name) => deps.parameters.get(name) as never,
    setParameter(name, value) {
      try {
        deps.parameters.set(name, value);
      } catch (error) {
        // A handler passing a bad value is the handler's bug: a plain error answers 500, not 422.
        throw new TypeError(`ctx.setParameter("${name}"): ${JSON.stringify((error as { body?: unknown }).body)}`, { cause: error });
      }
    },
    store: (values) => deps.store(values),
    call: (service: string, entrypoint: string, args?: unknown, options: CallOptions = {}) => caller({ ...options, service, entrypoint, args }),
    client: (service, defaults) => clientFor(service, caller, defaults),
    notify(msg: string, severity: Severity = Severity.INFO, options: NotifyOptions = {}) {
      const sent = deps.notify(toNotification(msg, severity, options, deps.identity, new Date(deps.clock.now())));
      // Marks the rejection handled, so a caller that does not await cannot crash the process;
      // one that awaits still sees it.
      sent.catch((error: unknown) => deps.log.warn(`Notification "${msg}" was not delivered:`, error));
      return sent;
    },
    log: deps.log,
    service: deps.identity,
  };
  Object.defineProperty(base, 'signal', {
    enumerable: true,
    get(this: ContextState) {
      const source = this[SOURCE];
      if (!source) return deps.shutdown;
      return (this[LINK] ??= linkSignals(deps.shutdown, source.signal)).signal;
    },
  });
  return {
    create(source) {
      const context = Object.create(base) as ContextState;
      context[SOURCE] = source;
      return context as unknown as Context;
    },
    release: (context) => (context as unknown as ContextState)[LINK]?.dispose(),
  };
}
