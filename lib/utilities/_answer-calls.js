// @ts-check
// The worker side of lib/monitor/worker-rpc.ts, plain JavaScript as the workers that use it are.
import { parentPort } from 'node:worker_threads';

/**
 * Answers the parent's `{ id, op, args }` messages with `{ id, result }` or `{ id, error }`,
 * one call at a time in arrival order; a `Uint8Array` result is moved, not copied.
 * @param {Record<string, (args: any) => unknown>} operations
 * @param {string} name the worker's file, for the error when it runs outside a worker
 */
export function answerCalls(operations, name) {
  const port = parentPort;
  if (!port) throw new Error(`${name} runs in a worker thread`);
  let queue = Promise.resolve();
  port.on('message', ({ id, op, args }) => {
    queue = queue.then(async () => {
      try {
        const operation = operations[op];
        if (!operation) throw new Error(`unknown operation ${op}`);
        const result = await operation(args ?? {});
        port.postMessage({ id, result }, result instanceof Uint8Array ? [/** @type {ArrayBuffer} */ (result.buffer)] : []);
      } catch (error) {
        const { message = String(error), code, stack } = /** @type {{ message?: string, code?: string, stack?: string }} */ (error ?? {});
        port.postMessage({ id, error: { message, code, stack } });
      }
    });
  });
}
