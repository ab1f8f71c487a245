import { consola, type ConsolaInstance } from 'consola';
import { Severity } from '../protocol/severity.ts';
import type { Notifier, ServiceCaller } from '../communication/types.ts';
import type { MonitorData, MonitorQuery, MonitorStore } from '../monitor/types.ts';
import type { JobDefinition, RetentionLimit, ServiceDescription, ServiceIdentity } from '../service/types.ts';
import { systemClock, type Clock } from './clock.ts';
import { createContextFactory, type SignalSource } from './create-context.ts';
import { httpError } from './http-error.ts';
import { ownAnswer, toHandlerFailure } from './handler-failure.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { assertAnswerable } from './monitor-query-check.ts';
import { createMonitorWriter } from './monitor-writer.ts';
import { createParameterState } from './parameter-state.ts';
import { coordinateJobs } from './replica-jobs.ts';
import { followReplicaParameters } from './replica-parameters.ts';
import { restoreParameters, toKeptParameter } from './restore-parameters.ts';
import { armRetention, retentionJob } from './retention-job.ts';
import { createScheduler } from './scheduler.ts';
import { unknownEntrypoint } from './unknown-entrypoint.ts';
import { validateInput } from './validate-input.ts';
import { validate } from './validate.ts';

/** What an adapter gives the engine. */
export interface EngineOptions {
  /** Where monitoring points go. */
  readonly store: MonitorStore;
  /** Performs `ctx.call()`. */
  readonly call: ServiceCaller;
  /** Delivers `ctx.notify()` and overrun warnings. */
  readonly notify: Notifier;
  /** Who the service is (default: the description's name and version, root path `""`). */
  readonly identity?: ServiceIdentity;
  /** Time and timers (default: the real clock). */
  readonly clock?: Clock;
  /** Logger (default: consola); the engine tags it with the service name. */
  readonly logger?: ConsolaInstance;
  /** How much monitoring data to keep (default: the description's, else 90 days). */
  readonly retention?: RetentionLimit;
  /** Milliseconds between retention clean-ups (default: the description's, else 1 day). */
  readonly cleanEvery?: number;
  /** Put a failing handler's message in its 500 answer (development only). */
  readonly exposeErrors?: boolean;
  /** Milliseconds `close()` waits for running jobs before closing the store anyway (default 10 000). */
  readonly shutdownTimeout?: number;
}

/** A successful entrypoint answer. */
export interface InvokeResult {
  /** HTTP status. */
  readonly status: number;
  /** The JSON result. */
  readonly value: unknown;
  /** `value` as JSON text, when the engine wrote it anyway (to monitor it): an answer sends it as it is. */
  readonly json?: string;
}

/** How an adapter passes one request to {@link Engine.invoke}. */
export interface InvokeOptions {
  /** The request body as sent, stored verbatim as `<name>_request` when monitored. */
  readonly rawBody?: string;
  /** Where the input came from, for error locations (default `body`). */
  readonly source?: 'body' | 'query';
  /** Where `ctx.signal` comes from (aborted when the client goes away), such as the request; read only when a handler asks. */
  readonly signalSource?: SignalSource;
}

/** One running service, independent of how requests reach it. */
export interface Engine {
  /** The description it runs. */
  readonly description: ServiceDescription;
  /** Who it is. */
  readonly identity: ServiceIdentity;
  /** Its tagged logger. */
  readonly log: ConsolaInstance;
  /** Its monitoring store (the engine closes it). */
  readonly store: MonitorStore;
  /** Its operational counters, for `/~metrics`. */
  readonly metrics: Metrics;
  /** Resolves once the parameters kept by the store are restored; requests wait for it, and it rejects when the store cannot give them. */
  readonly ready: Promise<void>;
  /** Why the kept parameters are not in use: {@link RESTORING_PARAMETERS} while calls wait for them, `cannot restore parameters: …` for good once `ready` rejected; undefined once restored. */
  readonly unrestored: string | undefined;
  /** Runs an entrypoint; throws an HttpError (404, 422, 500, or the handler's own). */
  invoke(name: string, input: unknown, options?: InvokeOptions): Promise<InvokeResult>;
  /** A parameter's value; throws 404 for an unknown name. */
  parameter(name: string): unknown;
  /** Every parameter's value. */
  parameters(): Record<string, unknown>;
  /** Sets a parameter; throws 404, 405 (not exposed, when `viaHttp`) or 422. */
  setParameter(name: string, value: unknown, viaHttp?: boolean): void;
  /** Throws 404 for an unknown parameter, and 405 when `viaHttp` and it is not exposed. */
  assertSettable(name: string, viaHttp: boolean): void;
  /** Stored points; throws 412 for a variable never stored. */
  monitorData(query?: MonitorQuery): Promise<MonitorData>;
  /** The same as UTF-8 JSON, built off the request thread where the store can. */
  monitorJson(query?: MonitorQuery): Promise<Uint8Array>;
  /** The same as a zip of CSV files, built where the JSON is. */
  monitorCsvZip(query?: MonitorQuery): Promise<Uint8Array>;
  /** Runs a job now, outside its schedule. */
  runJob(name: string): Promise<void>;
  /** Once parameters are restored, stores the values monitored parameters start with and starts the jobs. */
  start(): Promise<void>;
  /** Stops jobs, aborts `ctx.signal`s, flushes and closes the store; safe to call twice. */
  close(): Promise<void>;
}

/** {@link Engine.unrestored} while the kept parameters are read. */
export const RESTORING_PARAMETERS = 'restoring parameters';

const DEFAULT_RETENTION: RetentionLimit = { limit: 90, unit: 'days' };
const DAY_MS = 86_400_000;

function toJson(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/** Turns a description into a running engine that adapters (HTTP, tests) drive. */
export function createEngine(description: ServiceDescription, options: EngineOptions): Engine {
  const clock = options.clock ?? systemClock;
  const identity = options.identity ?? { name: description.name, version: description.version, rootPath: '' };
  const log = (options.logger ?? consola).withTag(identity.name);
  const { store } = options;
  store.logTo(log);
  const shutdown = new AbortController();

  const monitor = createMonitorWriter(store, clock, description.monitor.variables);
  // The variables of each monitored entrypoint, named once rather than on every call.
  const monitored = new Map(Object.values(description.entrypoints).filter((e) => e.monitor).map((e) => [e.name, [`${e.name}_request`, `${e.name}_response`] as const]));

  // Monitored parameters whose starting value is not stored yet: a value set before start()
  // is done stores it first, so every value a parameter takes is stored, in order.
  const unrecorded = new Set(Object.values(description.parameters).filter((p) => p.monitor).map((p) => p.name));
  const parameters = createParameterState(description.parameters, (definition, value, input) => {
    const { name } = definition;
    // Encoded first: a value that cannot be kept is refused before anything is stored.
    const kept = definition.persist ? toKeptParameter(input) : undefined;
    if (definition.monitor) {
      monitor.write(unrecorded.has(name) ? [[name, parameters.get(name)], [name, value]] : [[name, value]]);
      unrecorded.delete(name);
    }
    if (kept !== undefined) store.saveParameter(name, kept);
    // Values stay out of the info log: parameters hold thresholds and keys people keep private.
    log.info(`Parameter ${name} changed`);
    log.debug(`Parameter ${name} is now ${toJson(value)}`);
  });
  // Replicas sharing the store: the values others set arrive from the start, before the kept
  // ones are read, so a value set meanwhile is not overwritten by an older one.
  const unfollow = store.replicas ? followReplicaParameters(store.replicas, description.parameters, parameters, log) : () => {};
  const persisted = Object.values(description.parameters).some((p) => p.persist);
  const ready = persisted ? restoreParameters(store, description.parameters, parameters, log) : Promise.resolve();
  // Checked on every request: undefined once restored, so the path costs no await after that.
  let restoring: Promise<void> | undefined = persisted ? ready : undefined;
  // What /~health says meanwhile, read synchronously (a request can come before any then() runs).
  let unrestored: string | undefined = persisted ? RESTORING_PARAMETERS : undefined;
  // A failure is marked handled here: start() and every request report it.
  ready.then(
    () => {
      restoring = undefined;
      unrestored = undefined;
    },
    (error: unknown) => (unrestored = `cannot restore parameters: ${error instanceof Error ? error.message : String(error)}`),
  );
  const contexts = createContextFactory({
    identity, clock, log, parameters, store: monitor.store, call: options.call, notify: options.notify, shutdown: shutdown.signal,
  });

  const retention = options.retention ?? description.monitor.retention ?? DEFAULT_RETENTION;
  const cleanEvery = options.cleanEvery ?? description.monitor.cleanEvery ?? DAY_MS;
  const cleanJob = retentionJob(store, retention, cleanEvery, clock, log);
  const jobs = [...Object.values(description.jobs), cleanJob];
  const metrics = createMetrics(Object.keys(description.entrypoints), jobs.map((job) => job.name), () => store.stats());

  const executeJob = async (job: JobDefinition) => {
    const counts = metrics.job(job.name);
    counts.started();
    try {
      await job.run(contexts.create() as never);
    } catch (error) {
      counts.failed();
      log.error(`Job "${job.name}" failed; it keeps its schedule:`, error);
    }
  };
  const onOverrun = (job: JobDefinition) => {
    const period = job.schedule.kind === 'interval' ? `interval of ${job.schedule.ms / 1000}s` : `schedule "${job.schedule.pattern}"`;
    const msg = `Job "${job.name}" of ${identity.name} ${identity.version} runs longer than its ${period}`;
    log.warn(msg);
    void contexts.create().notify(msg, Severity.WARNING);
  };
  const execute = store.replicas ? coordinateJobs(store.replicas, clock, () => scheduler, executeJob, log) : executeJob;
  const scheduler = createScheduler(jobs, clock, execute, onOverrun, (job) => metrics.job(job.name).overran());

  let starting: Promise<void> | undefined;
  let closing: Promise<void> | undefined;
  const begin = () => {
    if (closing) return;
    if (unrecorded.size) monitor.write([...unrecorded].map((name) => [name, parameters.get(name)]));
    unrecorded.clear();
    scheduler.start();
    void armRetention(store, cleanEvery, clock, scheduler, log);
  };

  return {
    description,
    identity,
    log,
    store,
    metrics,
    ready,
    get unrestored() {
      return unrestored;
    },
    async invoke(name, input, invokeOptions = {}) {
      if (restoring) await restoring;
      const entrypoint = Object.hasOwn(description.entrypoints, name) ? description.entrypoints[name] : undefined;
      if (!entrypoint) throw unknownEntrypoint(name, description.entrypoints);
      // Sync schemas and handlers are not awaited: every await is a turn of the microtask queue.
      let args = validateInput(entrypoint.input, input, invokeOptions.source ?? 'body');
      if (args instanceof Promise) args = await args;
      // A call whose points the store has no room for is refused before it does anything.
      if (entrypoint.monitor) monitor.assertRoom();
      let value: unknown;
      const context = contexts.create(invokeOptions.signalSource);
      try {
        value = entrypoint.handler(args as never, context as never);
        if (value instanceof Promise) value = await value;
      } catch (error) {
        const own = ownAnswer(error);
        if (!own) log.error(`Entrypoint "${name}" failed:`, error);
        throw own ?? toHandlerFailure(error, options.exposeErrors ?? false);
      } finally {
        contexts.release(context);
      }
      if (entrypoint.output) {
        try {
          value = await validate(entrypoint.output, value, ['response']);
        } catch (error) {
          log.error(`Entrypoint "${name}" returned a result that fails its output schema:`, (error as { body?: unknown }).body);
          throw httpError(500, 'Response validation failed', { cause: error, extra: options.exposeErrors ? { error: (error as { body?: unknown }).body } : {} });
        }
      }
      const variables = monitored.get(name);
      if (variables) {
        const json = toJson(value);
        monitor.write([[variables[0], invokeOptions.rawBody ?? toJson(input)], [variables[1], json]]);
        return { status: entrypoint.status, value: value === undefined ? null : value, json };
      }
      return { status: entrypoint.status, value: value === undefined ? null : value };
    },
    parameter: (name) => parameters.get(name),
    parameters: () => parameters.all(),
    setParameter: (name, value, viaHttp) => void parameters.set(name, value, viaHttp),
    assertSettable: (name, viaHttp) => parameters.assertSettable(name, viaHttp),
    async monitorData(query = {}) {
      await assertAnswerable(query, store);
      return store.read(query);
    },
    async monitorJson(query = {}) {
      await assertAnswerable(query, store);
      return store.readJson(query);
    },
    async monitorCsvZip(query = {}) {
      await assertAnswerable(query, store);
      return store.readCsvZip(query);
    },
    runJob: (name) => scheduler.run(name),
    start() {
      // Without kept parameters nothing is waited for: the values are stored and jobs armed at once.
      starting ??= restoring ? restoring.then(begin) : Promise.resolve(begin());
      return starting;
    },
    close() {
      closing ??= (async () => {
        unfollow();
        shutdown.abort(new Error(`${identity.name} is shutting down`));
        const stuck = await scheduler.stop(options.shutdownTimeout ?? 10_000);
        if (stuck.length) log.warn(`Closing while jobs still run (their ctx.signal is aborted): ${stuck.join(', ')}`);
        await store.close();
      })();
      return closing;
    },
  };
}
