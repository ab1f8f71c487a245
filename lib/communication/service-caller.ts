import { setTimeout as sleep } from 'node:timers/promises';
import { servicePrefix } from '../protocol/service-path.ts';
import { HTTP_METHODS, isHttpMethod, type HttpMethod } from '../service/http-methods.ts';
import { assertEntrypointName, assertSegmentName } from '../service/names.ts';
import type { Env } from '../utilities/_env.ts';
import { isDebugEnabled, mviLogger } from '../utilities/_logger.ts';
import { getAuthorizedDomains } from '../utilities/authorized-domains.ts';
import { getHeaders } from '../utilities/headers.ts';
import { getManagerUrl } from '../utilities/manager-location.ts';
import { mergeCallOptions } from './_merge-call-options.ts';
import { toQuery } from './_query.ts';
import { isSafeToRetry } from './_retry.ts';
import { send } from './_send.ts';
import { isServiceCallError } from './service-call-error.ts';
import type { CallOptions, ServiceCaller, ServiceCallRequest } from './types.ts';

/** Defaults for every call a caller makes, and the environment it reads the manager's address and token from. */
export interface ServiceCallerOptions extends CallOptions {
  /** Where `MVI_MANAGER_URL`, `MVI_SERVICE_TOKEN` and the rest are read, at each call (default `process.env`). */
  readonly env?: Env;
}

function toMethod(method: unknown): HttpMethod {
  const upper = typeof method === 'string' ? method.toUpperCase() : method;
  if (typeof upper !== 'string' || !isHttpMethod(upper)) {
    throw new TypeError(`Unknown HTTP method ${JSON.stringify(method)}; use one of ${HTTP_METHODS.join(', ')}`);
  }
  return upper;
}

function assertCount(what: string, value: number | undefined, min: number): void {
  if (value !== undefined && !(Number.isFinite(value) && value >= min)) {
    throw new TypeError(`${what} must be a number of at least ${min}, got ${JSON.stringify(value)}`);
  }
}

function urlOf(request: ServiceCallRequest, method: HttpMethod, env: Env): URL {
  assertSegmentName('Service', request.service);
  assertEntrypointName(request.entrypoint);
  const { version } = request;
  if (version !== undefined && (typeof version !== 'string' || version === '')) {
    throw new TypeError(`version must be a non-empty string, got ${JSON.stringify(version)}`);
  }
  const prefix = servicePrefix(request.service, version === undefined ? undefined : encodeURIComponent(version));
  const url = new URL(`${getManagerUrl(env)}${prefix}/${request.entrypoint}`);
  if (method === 'GET') url.search = toQuery(request.args ?? {});
  return url;
}

async function call(request: ServiceCallRequest, env: Env): Promise<unknown> {
  const method = toMethod(request.method ?? 'POST');
  assertCount('timeout', request.timeout, 1);
  assertCount('retryDelay', request.retryDelay, 0);
  const retry = request.retry ?? 0;
  if (!Number.isInteger(retry) || retry < 0) throw new TypeError(`retry must be a whole number of at least 0, got ${JSON.stringify(retry)}`);
  const url = urlOf(request, method, env).href;
  // An entrypoint with an object schema takes `{}` for "no arguments"; `null` would fail it.
  const body = method === 'GET' ? undefined : JSON.stringify(request.args ?? {});
  const outgoing = {
    method,
    url,
    headers: { ...getHeaders(env), ...request.headers },
    body,
    authorizedDomains: getAuthorizedDomains(env),
    timeout: request.timeout,
    signal: request.signal,
  };
  if (isDebugEnabled()) mviLogger().debug(`Calling ${method} ${url} with`, request.args ?? {});
  for (let attempt = 1; ; attempt++) {
    try {
      return await send(outgoing);
    } catch (error) {
      if (!isServiceCallError(error) || attempt > retry || !isSafeToRetry(error, method, url)) throw error;
      mviLogger().debug(`Retrying ${method} ${request.service}/${request.entrypoint} (attempt ${attempt + 1} of ${retry + 1}) after: ${error.message}`);
      // The timer rejects with a generic AbortError: surface the caller's own reason instead.
      await sleep(request.retryDelay ?? 0, undefined, { signal: request.signal }).catch(() => request.signal?.throwIfAborted());
    }
  }
}

/**
 * Makes the {@link ServiceCaller} behind `callService()` and `ctx.call()`: it calls
 * `{manager}/services/{service}[_{version}]/{entrypoint}` with `options` as defaults.
 * @example
 * const caller = createServiceCaller({ timeout: 5_000, retry: 2 });
 * const total = await caller({ service: 'dice', entrypoint: 'roll', args: { sides: 6 } });
 */
export function createServiceCaller(options: ServiceCallerOptions = {}): ServiceCaller {
  const { env = process.env, ...defaults } = options;
  return (request) => call(mergeCallOptions(defaults, request), env);
}

/**
 * Calls `entrypointName` of service `serviceName` through the manager and resolves to its
 * JSON result; rejects with a ServiceCallError (see `isServiceCallError`) when it fails.
 * The arguments go as a JSON body, for GET as query parameters; `retry` repeats only calls
 * a repeat cannot harm (GET, PUT, DELETE, or any call that could not connect).
 * @example
 * const total = await callService('dice', 'roll', { sides: 6 }, { version: '1.0.0', timeout: 5_000 });
 */
export function callService(serviceName: string, entrypointName: string, args?: unknown, options: ServiceCallerOptions = {}): Promise<unknown> {
  const { env, ...callOptions } = options;
  return createServiceCaller({ env })({ ...callOptions, service: serviceName, entrypoint: entrypointName, args });
}
