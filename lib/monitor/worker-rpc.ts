import { Worker } from 'node:worker_threads';

/** Calls into a worker thread that answers each `{ id, op, args }` with `{ id, result }` or `{ id, error }`. */
export interface WorkerRpc {
  /** Sends `op` with `args`; resolves with the worker's result, rejects with its error. */
  call<T = void>(op: string, args?: unknown): Promise<T>;
  /** Stops the worker; calls still waiting reject. */
  terminate(): Promise<void>;
  /** The thread (for tests that make it crash). */
  readonly worker: Worker;
}

/** The code of the error that calls reject with when the worker stops under them. */
export const WORKER_STOPPED = 'MVI_WORKER_STOPPED';

interface Reply {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: { readonly message: string; readonly code?: string; readonly stack?: string };
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Starts the plain-JavaScript ES module at `url` in a worker thread. The worker holds the
 * process open only while a call waits for it, so an idle store never delays exit. `onCrash`
 * hears of the worker ending other than by `terminate()`.
 */
export function startWorkerRpc(url: URL, name: string, onCrash: (error: Error) => void = () => {}): WorkerRpc {
  // No inherited loader flags: the worker is plain JavaScript that plain Node runs. Its young
  // generation grows to ~30 MB by default under a stream of batches and stays there; 4 MB kept a
  // service ~12 MB smaller after 100 000 monitored calls for ~2 % more worker CPU per point
  // (measured as bench/http.ts does: RSS after load, /proc CPU time per request).
  const worker = new Worker(url, { execArgv: [], name, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  let stopped: Error | undefined;
  let failure: Error | undefined;

  const settleAll = (error: Error) => {
    stopped ??= error;
    for (const call of waiting.values()) call.reject(error);
    waiting.clear();
    worker.unref();
  };

  worker.unref();
  worker.on('message', (reply: Reply) => {
    const call = waiting.get(reply.id);
    if (!call) return;
    waiting.delete(reply.id);
    if (waiting.size === 0) worker.unref();
    if (reply.error) {
      call.reject(Object.assign(new Error(`${name}: ${reply.error.message}`, { cause: reply.error }), { code: reply.error.code }));
    } else {
      call.resolve(reply.result);
    }
  });
  // An uncaught error in the worker comes first, then its exit.
  worker.on('error', (error) => (failure ??= new Error(`${name} failed: ${error.message}`, { cause: error })));
  worker.on('exit', (code) => {
    const crashed = !stopped;
    settleAll(Object.assign(failure ?? new Error(`${name} stopped (exit code ${code})`), { code: WORKER_STOPPED }));
    if (crashed) onCrash(stopped!);
  });

  return {
    call<T>(op: string, args?: unknown) {
      if (stopped) return Promise.reject(stopped);
      return new Promise<T>((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
        worker.ref();
        worker.postMessage({ id, op, args });
      });
    },
    async terminate() {
      stopped ??= new Error(`${name} was stopped`);
      await worker.terminate();
    },
    worker,
  };
}
