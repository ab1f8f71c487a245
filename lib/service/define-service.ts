import { deepFreeze } from './deep-freeze.ts';
import type { HttpMethod } from './http-methods.ts';
import { assertSegmentName, assertUnique } from './names.ts';
import { toEntrypoint, toJob, toMonitor, toParameter } from './to-definitions.ts';
import type {
  Context,
  EntrypointTypes,
  InferInput,
  InferOutput,
  ParameterSchemas,
  RetentionLimit,
  Schema,
  ServiceDescription,
  VariableSchemas,
} from './types.ts';

/** What `defineService()` needs to know about a service. */
export interface ServiceInfo {
  /** Service name: letters, digits, `_`, `.`, `-`. */
  readonly name: string;
  /** Service version, such as `1.0.0`. */
  readonly version: string;
  /** What the service does, for the docs. */
  readonly description?: string;
}

/** An HTTP method as `.entrypoint()` accepts it, in either case. */
export type MethodOption = HttpMethod | Lowercase<HttpMethod>;

/** Options of `.entrypoint()`. */
export interface EntrypointOptions<O extends Schema | undefined = Schema | undefined> {
  /** Store `<name>_request` and `<name>_response` after each successful call (default false). */
  readonly monitor?: boolean;
  /** HTTP method (default POST). */
  readonly method?: MethodOption;
  /** Status of a successful answer (default 200). */
  readonly status?: number;
  /** Schema that validates and documents the result. */
  readonly output?: O;
  /** One-line summary for the docs. */
  readonly summary?: string;
  /** Longer description for the docs. */
  readonly description?: string;
  /** Write access-log lines for this route (default true). */
  readonly httpLogs?: boolean;
}

/** Options of `.parameter()`. */
export interface ParameterOptions {
  /** May be changed with `POST /~parameters/{name}` (default true). */
  readonly expose?: boolean;
  /** Store every value it takes, the initial one included (default false). */
  readonly monitor?: boolean;
  /** Write access-log lines for its routes (default true). */
  readonly httpLogs?: boolean;
  /** Keep the last value set (over HTTP or with `ctx.setParameter`) across restarts, in the monitoring store (default true). */
  readonly persist?: boolean;
}

/** Options of `.every()`. */
export interface JobOptions {
  /** Wait one period before the first run instead of running at start (default false). */
  readonly waitFirst?: boolean;
  /** Name for logs and notifications (default: the function's name). */
  readonly name?: string;
}

/** Options of `.monitor()`. */
export interface MonitorOptions<V extends Record<string, Schema> | undefined = undefined> {
  /** How much to keep: `'90 days'`, `'10000 rows'`, or `{ limit, unit }`. */
  readonly retention?: string | RetentionLimit;
  /** How often to apply the retention: seconds or a duration such as `'1h'`. */
  readonly cleanEvery?: number | string;
  /** Schemas of the variables `ctx.store()` may save; makes it typed. */
  readonly variables?: V;
}

/** An immutable service builder: every method returns a new builder. */
export interface ServiceBuilder<
  P extends ParameterSchemas = {},
  E extends EntrypointTypes = {},
  V extends VariableSchemas = undefined,
> {
  /** The plain, deeply frozen description that runtimes run. */
  readonly description: ServiceDescription<P, E, V>;
  /** Adds an entrypoint whose result is validated by `options.output`. */
  entrypoint<N extends string, S extends Schema, O extends Schema, M extends MethodOption = 'POST'>(
    name: N,
    input: S,
    handler: (input: InferOutput<S>, ctx: Context<P, V>) => InferInput<O> | Promise<InferInput<O>>,
    options: EntrypointOptions<O> & { readonly output: O; readonly method?: M },
  ): ServiceBuilder<P, E & { [K in N]: { readonly input: S; readonly output: InferOutput<O>; readonly method: Uppercase<M> } }, V>;
  /** Adds an entrypoint: `input` validates the request, `handler` computes the answer. */
  entrypoint<N extends string, S extends Schema, R, M extends MethodOption = 'POST'>(
    name: N,
    input: S,
    handler: (input: InferOutput<S>, ctx: Context<P, V>) => R,
    options?: EntrypointOptions<undefined> & { readonly method?: M },
  ): ServiceBuilder<P, E & { [K in N]: { readonly input: S; readonly output: Awaited<R>; readonly method: Uppercase<M> } }, V>;
  /** Adds a runtime-tunable parameter; `initial` must pass `schema`. */
  parameter<N extends string, S extends Schema>(
    name: N,
    schema: S,
    initial: InferInput<S>,
    options?: ParameterOptions,
  ): ServiceBuilder<P & { [K in N]: S }, E, V>;
  /** Runs `job` periodically: seconds, a duration (`'30s'`, `'5m'`) or a cron pattern. */
  every(interval: number | string, job: (ctx: Context<P, V>) => unknown, options?: JobOptions): ServiceBuilder<P, E, V>;
  /** Sets retention and declares monitored variables. */
  monitor<VV extends Record<string, Schema> | undefined = undefined>(
    options: MonitorOptions<VV>,
  ): ServiceBuilder<P, E, VV extends Record<string, Schema> ? VV : V>;
}

function builderOf(description: ServiceDescription): ServiceBuilder {
  const next = (patch: Partial<ServiceDescription>) => builderOf(deepFreeze({ ...description, ...patch }));
  const builder: ServiceBuilder = {
    description,
    entrypoint(name: string, input: Schema, handler: unknown, options: EntrypointOptions = {}) {
      assertUnique('entrypoint', name, description.entrypoints);
      return next({ entrypoints: { ...description.entrypoints, [name]: toEntrypoint(name, input, handler, options) } });
    },
    parameter(name, schema, initial, options = {}) {
      assertUnique('parameter', name, description.parameters);
      return next({ parameters: { ...description.parameters, [name]: toParameter(name, schema, initial, options) } });
    },
    every(interval, run, options = {}) {
      const job = toJob(interval, run, options, Object.keys(description.jobs).length);
      assertUnique('job', job.name, description.jobs);
      return next({ jobs: { ...description.jobs, [job.name]: job } });
    },
    monitor(options) {
      return next({ monitor: toMonitor(description.monitor, options) });
    },
  } as ServiceBuilder;
  return Object.freeze(builder);
}

/**
 * Starts the description of a service; chain `.entrypoint()`, `.parameter()`, `.every()`
 * and `.monitor()`, each of which returns a new builder.
 * @example
 * const hello = defineService({ name: 'hello', version: '1.0.0' })
 *   .parameter('greeting', v.string(), 'Hello')
 *   .entrypoint('greet', v.object({ name: v.string() }), ({ name }, ctx) => `${ctx.parameter('greeting')} ${name}`);
 */
export function defineService(info: ServiceInfo): ServiceBuilder {
  if (typeof info !== 'object' || info === null) throw new TypeError('defineService() needs { name, version }');
  assertSegmentName('Service', info.name);
  if (typeof info.version !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9.+-]*$/.test(info.version)) {
    throw new TypeError(`Service version ${JSON.stringify(info.version)} is not valid: use e.g. '1.0.0'`);
  }
  return builderOf(
    deepFreeze({
      kind: 'service',
      name: info.name,
      version: info.version,
      description: info.description,
      entrypoints: {},
      parameters: {},
      jobs: {},
      monitor: { retention: undefined, cleanEvery: undefined, variables: undefined },
    }),
  );
}
