import type { EntrypointsOf, InferInput, ServiceLike } from '../service/types.ts';
import { mergeCallOptions } from './_merge-call-options.ts';
import { createServiceCaller, type ServiceCallerOptions } from './service-caller.ts';
import type { CallOptions, ServiceCaller } from './types.ts';

// The client cannot see another service's methods at run time, so an entrypoint that is not
// POST needs its method in the options, and the types insist on it.
type OptionsFor<M> = M extends 'POST'
  ? [options?: Omit<CallOptions, 'method'> & { readonly method?: 'POST' }]
  : [options: CallOptions & { readonly method: M }];

/** The arguments of a client method: the input (optional when `{}` is a valid one), then per-call options. */
type MethodArgs<I, M> = {} extends I
  ? M extends 'POST' ? [input?: I, ...OptionsFor<M>] : [input: I | undefined, ...OptionsFor<M>]
  : [input: I, ...OptionsFor<M>];

/**
 * A typed client of service `S`: one method per entrypoint, taking its input and resolving to
 * its result; entrypoints other than POST take their method in the options (`{ method: 'GET' }`).
 */
export type ServiceClient<S extends ServiceLike> = {
  readonly [K in keyof EntrypointsOf<S> & string]: (
    ...args: MethodArgs<InferInput<EntrypointsOf<S>[K]['input']>, EntrypointsOf<S>[K]['method']>
  ) => Promise<EntrypointsOf<S>[K]['output']>;
};

/**
 * A typed client of the service named `service` whose calls go through `caller` (such as
 * the engine's), with `defaults` under each call's options. Any property but `then` is an
 * entrypoint, so that the client is not mistaken for a promise.
 */
export function clientFor<S extends ServiceLike>(service: string, caller: ServiceCaller, defaults: CallOptions = {}): ServiceClient<S> {
  const methods = new Map<string, (input?: unknown, options?: CallOptions) => Promise<unknown>>();
  const methodFor = (entrypoint: string) =>
    (input?: unknown, options: CallOptions = {}) =>
      caller(mergeCallOptions(defaults, { ...options, service, entrypoint, args: input }));
  const client = new Proxy(Object.create(null) as object, {
    get(_, key) {
      if (typeof key !== 'string' || key === 'then') return undefined;
      if (!methods.has(key)) methods.set(key, methodFor(key));
      return methods.get(key);
    },
  });
  return client as ServiceClient<S>;
}

/**
 * A typed client of another mvi service through the manager, from its type alone: no code
 * of that service is imported at run time.
 * @example
 * import type { dice } from '../dice/service.ts';
 * const client = serviceClient<typeof dice>('dice', { timeout: 5_000 });
 * const total = await client.roll({ sides: 6 }); // typed from dice's `roll` entrypoint
 */
export function serviceClient<S extends ServiceLike>(service: string, options: ServiceCallerOptions = {}): ServiceClient<S> {
  return clientFor<S>(service, createServiceCaller(options));
}
