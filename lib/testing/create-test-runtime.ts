import { createConsola, LogLevels, type LogObject } from 'consola';
import { formatWithOptions } from 'node:util';
import { serviceCallError } from '../communication/service-call-error.ts';
import type { Notification, ServiceCallRequest } from '../communication/types.ts';
import { createEngine } from '../engine/create-engine.ts';
import { isHttpError } from '../engine/http-error.ts';
import { servicePrefix } from '../protocol/service-path.ts';
import { descriptionOf } from '../service/description-of.ts';
import { createMemoryStore } from '../monitor/memory-store.ts';
import type { MonitorData, MonitorQuery, MonitorStore, StoredValue } from '../monitor/types.ts';
import type {
  EntrypointsOf,
  InferInput,
  InferOutput,
  ParametersOf,
  RetentionLimit,
  ServiceIdentity,
  ServiceLike,
} from '../service/types.ts';
import { createTestClock, type TestClock } from './test-clock.ts';

/** Options of {@link createTestRuntime}. */
export interface TestRuntimeOptions {
  /** Where the clock starts (default: now). */
  readonly now?: number | Date;
  /** Who the service is (default: its name and version, root path `""`). */
  readonly identity?: Partial<ServiceIdentity>;
  /** Store to use (default: a fresh in-memory store); share one between two runtimes to see parameters kept across a restart. */
  readonly store?: MonitorStore;
  /** Retention to apply (default: the description's, else 90 days). */
  readonly retention?: RetentionLimit;
  /** Also print log lines (default false: they are only captured in `logs`). */
  readonly printLogs?: boolean;
  /** Milliseconds `close()` waits for running jobs (default 10 000). */
  readonly shutdownTimeout?: number;
}

/** How a test passes one call, as HTTP would. */
export interface TestInvokeOptions {
  /** The request body as a client sent it, stored as `<name>_request` when monitored (default: the input as JSON). */
  readonly rawBody?: string;
}

/** A log line a test runtime captured. */
export interface CapturedLog {
  /** consola's level name: `error`, `warn`, `info`, `debug`… */
  readonly type: string;
  /** The formatted message. */
  readonly message: string;
}

/** A stored point as a test reads it. */
export interface StoredPoint {
  /** ISO 8601 UTC. */
  readonly timestamp: string;
  /** The stored value. */
  readonly value: StoredValue;
}

/** A stub that computes its answer from the call's arguments. */
export type StubFunction = (args: unknown, request: ServiceCallRequest) => unknown;

/** A service running in-process, with no port, a controllable clock and captured side effects. */
export interface TestRuntime<S extends ServiceLike> {
  /** Runs an entrypoint with a typed input; rejects with an HttpError (`status`, `body`) as HTTP would answer. */
  invoke<K extends keyof EntrypointsOf<S> & string>(
    name: K,
    input: InferInput<EntrypointsOf<S>[K]['input']>,
    options?: TestInvokeOptions,
  ): Promise<EntrypointsOf<S>[K]['output']>;
  /** Runs an entrypoint with any input and resolves to the `{ status, body }` HTTP would answer. */
  request(name: string, input: unknown, options?: TestInvokeOptions): Promise<{ status: number; body: unknown }>;
  /** Resolves once parameter values kept by the store are restored and jobs are scheduled; the async methods and the clock wait for it themselves. */
  readonly started: Promise<void>;
  /** A parameter's current value (the kept one once `started` resolved). */
  parameter<K extends keyof ParametersOf<S> & string>(name: K): InferOutput<ParametersOf<S>[K]>;
  /** Every parameter's current value. */
  parameters(): Record<string, unknown>;
  /** Validates and sets a parameter; throws a 422 HttpError when invalid. */
  setParameter<K extends keyof ParametersOf<S> & string>(name: K, value: InferInput<ParametersOf<S>[K]>): void;
  /** The points stored for one variable, oldest first. */
  stored(variable: string): Promise<StoredPoint[]>;
  /** What `GET /~monitor` would answer; rejects with 412 for an unknown variable. */
  monitor(query?: MonitorQuery): Promise<MonitorData>;
  /** The notifications sent so far. */
  readonly notifications: readonly Notification[];
  /** The calls made to other services so far. */
  readonly calls: readonly ServiceCallRequest[];
  /** Makes calls to `service`'s `entrypoint` answer with what `answer` returns for their arguments. */
  stub(service: string, entrypoint: string, answer: StubFunction): void;
  /** Makes calls to `service`'s `entrypoint` answer with `value` (a copy each time). */
  stub(service: string, entrypoint: string, value: unknown): void;
  /** Makes notifications fail, as an unreachable manager would (pass false to heal). */
  failNotifications(fail?: boolean): void;
  /** The captured log lines. */
  readonly logs: readonly CapturedLog[];
  /** The clock; jobs run only when it is advanced. */
  readonly clock: TestClock;
  /** Runs a job now, outside its schedule. */
  runJob(name: string): Promise<void>;
  /** Stops jobs and closes the store. */
  close(): Promise<void>;
}

/**
 * Runs a service in-process with the same engine as the HTTP adapter: no port, an in-memory
 * store, a clock that moves only when advanced, and captured calls, notifications and logs.
 * @example
 * const rt = createTestRuntime(hello);
 * expect(await rt.invoke('greet', { name: 'Bob' })).toBe('Hello Bob');
 */
export function createTestRuntime<S extends ServiceLike>(service: S, options: TestRuntimeOptions = {}): TestRuntime<S> {
  const description = descriptionOf(service);
  const clock = createTestClock(options.now);
  const logs: CapturedLog[] = [];
  const notifications: Notification[] = [];
  const calls: ServiceCallRequest[] = [];
  const stubs = new Map<string, unknown>();
  let notificationsFail = false;
  const capture = {
    log(entry: LogObject) {
      logs.push({ type: entry.type, message: formatWithOptions({ colors: false }, ...entry.args) });
    },
  };
  const logger = createConsola({ level: LogLevels.debug, reporters: options.printLogs ? [capture, ...createConsola().options.reporters] : [capture] });
  const store = options.store ?? createMemoryStore();

  const engine = createEngine(description, {
    store,
    clock,
    logger,
    retention: options.retention,
    shutdownTimeout: options.shutdownTimeout,
    exposeErrors: true,
    identity: { name: description.name, version: description.version, rootPath: '', ...options.identity },
    async call(request) {
      calls.push(request);
      const key = `${request.service}/${request.entrypoint}`;
      if (!stubs.has(key)) {
        // The same kind of error a real unreachable service gives, so handlers see what they will see in production.
        throw serviceCallError(`failed: no stub for ${key}; use runtime.stub('${request.service}', '${request.entrypoint}', answer)`, {
          url: `http://test-runtime${servicePrefix(request.service)}/${request.entrypoint}`,
          method: request.method ?? 'POST',
        });
      }
      const answer = stubs.get(key);
      return typeof answer === 'function' ? (answer as StubFunction)(request.args, request) : structuredClone(answer);
    },
    async notify(notification) {
      notifications.push(notification);
      if (notificationsFail) throw new Error('The manager cannot be reached (test runtime: failNotifications)');
    },
  });
  const started = engine.start();
  started.catch(() => {}); // reported by every async method
  // Jobs are armed once kept parameters are back: time moves only after that.
  const afterStart = <A extends unknown[]>(move: (...args: A) => Promise<void>) => (...args: A) => started.then(() => move(...args));
  const runtimeClock: TestClock = { now: clock.now, setTimer: clock.setTimer, advance: afterStart(clock.advance), advanceTo: afterStart(clock.advanceTo) };

  return {
    started,
    invoke: (name, input, invokeOptions) => engine.invoke(name, input, invokeOptions).then((r) => r.value as never),
    async request(name, input, invokeOptions) {
      try {
        const { status, value } = await engine.invoke(name, input, invokeOptions);
        return { status, body: value };
      } catch (error) {
        if (isHttpError(error)) return { status: error.status, body: error.body };
        throw error;
      }
    },
    parameter: (name) => engine.parameter(name) as never,
    parameters: () => engine.parameters(),
    setParameter: (name, value) => engine.setParameter(name, value),
    async stored(variable) {
      await started;
      const series = (await store.read({ variables: [variable] }))[variable];
      return series ? series.timestamp.map((timestamp, i) => ({ timestamp, value: series.value[i]! })) : [];
    },
    monitor: async (query) => (await started, engine.monitorData(query)),
    notifications,
    calls,
    stub(serviceName: string, entrypoint: string, answer: unknown) {
      stubs.set(`${serviceName}/${entrypoint}`, answer);
    },
    failNotifications(fail = true) {
      notificationsFail = fail;
    },
    logs,
    clock: runtimeClock,
    runJob: (name) => engine.runJob(name),
    close: () => engine.close(),
  };
}
