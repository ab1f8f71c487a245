import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ConsolaInstance } from 'consola';
import type { ServiceClient } from '../communication/service-client.ts';
import type { CallOptions, NotifyOptions } from '../communication/types.ts';
import type { Severity } from '../protocol/severity.ts';
import type { HttpMethod } from './http-methods.ts';

/** Any Standard Schema (valibot's schemas are). */
export type Schema = StandardSchemaV1;
/** The type a schema accepts. */
export type InferInput<S extends Schema> = StandardSchemaV1.InferInput<S>;
/** The type a schema produces. */
export type InferOutput<S extends Schema> = StandardSchemaV1.InferOutput<S>;

/** The schemas of a service's parameters, by name. */
export type ParameterSchemas = Record<string, Schema>;
/** The schemas of declared monitoring variables, or undefined when any name may be stored. */
export type VariableSchemas = Record<string, Schema> | undefined;
/** The input schema, result type and HTTP method of each entrypoint, by name. */
export type EntrypointTypes = Record<string, { readonly input: Schema; readonly output: unknown; readonly method: HttpMethod }>;

/** Who a running service is. */
export interface ServiceIdentity {
  /** Service name. */
  readonly name: string;
  /** Service version. */
  readonly version: string;
  /** Path prefix it answers under behind a manager (`""` when run alone). */
  readonly rootPath: string;
}

/** What `ctx.store()` accepts: declared variables typed, else any name. */
export type StoreValues<V extends VariableSchemas> = V extends Record<string, Schema>
  ? { readonly [K in keyof V]?: InferInput<V[K]> }
  : Readonly<Record<string, unknown>>;

/** Everything a handler or job may use; handlers never reach for globals. */
export interface Context<P extends ParameterSchemas = ParameterSchemas, V extends VariableSchemas = undefined> {
  /** The current value of a parameter. */
  parameter<K extends keyof P & string>(name: K): InferOutput<P[K]>;
  /** Validates and sets a parameter (stored when it is monitored); an invalid value throws, and a handler that lets it through answers 500. */
  setParameter<K extends keyof P & string>(name: K, value: InferInput<P[K]>): void;
  /** Saves values to the monitoring database, all with the same timestamp. */
  store(values: StoreValues<V>): void;
  /** Calls another service's entrypoint through the manager. */
  call(service: string, entrypoint: string, args?: unknown, options?: CallOptions): Promise<unknown>;
  /** A typed client of another service, from its type alone: `ctx.client<typeof dice>('dice').roll({ sides: 6 })`. */
  client<S extends ServiceLike>(service: string, defaults?: CallOptions): ServiceClient<S>;
  /** Sends a notification to the manager; rejects when it could not be delivered. */
  notify(msg: string, severity?: Severity, options?: NotifyOptions): Promise<void>;
  /** A logger tagged with the service's name. */
  readonly log: ConsolaInstance;
  /** Who this service is. */
  readonly service: ServiceIdentity;
  /** Aborted when the request is cancelled or the service shuts down. */
  readonly signal: AbortSignal;
}

/** An entrypoint: an HTTP route that validates its input and runs a handler. */
export interface EntrypointDefinition {
  readonly kind: 'entrypoint';
  /** Name, also its URL segment. */
  readonly name: string;
  /** HTTP method it answers to. */
  readonly method: HttpMethod;
  /** Schema of the request body (or query for GET). */
  readonly input: Schema;
  /** Schema that validates and documents the result, if any. */
  readonly output: Schema | undefined;
  /** Status of a successful answer. */
  readonly status: number;
  /** Store `<name>_request` and `<name>_response` after each successful call. */
  readonly monitor: boolean;
  /** Write access-log lines for this route. */
  readonly httpLogs: boolean;
  /** One-line summary for the docs. */
  readonly summary: string | undefined;
  /** Longer description for the docs. */
  readonly description: string | undefined;
  /** The handler. */
  readonly handler: (input: never, ctx: Context<never, never>) => unknown;
}

/** A runtime-tunable value. */
export interface ParameterDefinition {
  readonly kind: 'parameter';
  /** Name, also its URL segment under `/~parameters`. */
  readonly name: string;
  /** Schema every value must pass. */
  readonly schema: Schema;
  /** The value it starts with (already validated). */
  readonly initial: unknown;
  /** May be changed over HTTP. */
  readonly expose: boolean;
  /** Store every value it takes. */
  readonly monitor: boolean;
  /** Write access-log lines for its routes. */
  readonly httpLogs: boolean;
  /** Keep the last value set across restarts. */
  readonly persist: boolean;
}

/** When a job runs. */
export type JobSchedule =
  | { readonly kind: 'interval'; readonly ms: number }
  | { readonly kind: 'cron'; readonly pattern: string };

/** A periodic job. */
export interface JobDefinition {
  readonly kind: 'job';
  /** Name, unique within the service. */
  readonly name: string;
  /** When it runs. */
  readonly schedule: JobSchedule;
  /** Skip the run at start and wait one period first. */
  readonly waitFirst: boolean;
  /** The job. */
  readonly run: (ctx: Context<never, never>) => unknown;
}

/** How much monitoring data is kept. */
export interface RetentionLimit {
  /** How many units. */
  readonly limit: number;
  /** Rows, or an age. */
  readonly unit: 'rows' | 'days' | 'hours' | 'minutes' | 'seconds';
}

/** Monitoring settings of a service. */
export interface MonitorSettings {
  /** How much is kept; `MVI_SERVICE_DB_TABLE_LIMIT` overrides it. */
  readonly retention: RetentionLimit | undefined;
  /** Milliseconds between retention clean-ups; `MVI_SERVICE_DB_CLEAN_INTERVAL` overrides it. */
  readonly cleanEvery: number | undefined;
  /** Schemas of declared variables; `ctx.store()` accepts only these when given. */
  readonly variables: Readonly<Record<string, Schema>> | undefined;
}

/** The plain, deeply frozen description of a service that runtimes run. */
export interface ServiceDescription<
  P extends ParameterSchemas = ParameterSchemas,
  E extends EntrypointTypes = EntrypointTypes,
  V extends VariableSchemas = VariableSchemas,
> {
  readonly kind: 'service';
  /** Service name. */
  readonly name: string;
  /** Service version. */
  readonly version: string;
  /** What the service does, for the docs. */
  readonly description: string | undefined;
  /** Entrypoints by name, in definition order. */
  readonly entrypoints: Readonly<Record<string, EntrypointDefinition>>;
  /** Parameters by name, in definition order. */
  readonly parameters: Readonly<Record<string, ParameterDefinition>>;
  /** Jobs by name, in definition order. */
  readonly jobs: Readonly<Record<string, JobDefinition>>;
  /** Monitoring settings. */
  readonly monitor: MonitorSettings;
  /** Carries the types of parameters, entrypoints and variables; never set at run time. */
  readonly '~types'?: { readonly parameters: P; readonly entrypoints: E; readonly variables: V } | undefined;
}

/** A service description, or anything (such as a builder) that carries one. */
export type ServiceLike<D extends ServiceDescription = ServiceDescription> = D | { readonly description: D };

/** The description of a {@link ServiceLike}. */
export type DescriptionOf<S> = S extends { readonly description: infer D extends ServiceDescription }
  ? D
  : S extends ServiceDescription
    ? S
    : never;

/** The entrypoint types of a service or its description. */
export type EntrypointsOf<S> = NonNullable<DescriptionOf<S>['~types']>['entrypoints'];
/** The parameter schemas of a service or its description. */
export type ParametersOf<S> = NonNullable<DescriptionOf<S>['~types']>['parameters'];
