import { mviLogger } from '../utilities/_logger.ts';

/** Parameter values on their way to a store: the newest per name, saved in the background in order. */
export interface ParameterBuffer {
  /** Takes a value (`null` forgets the kept one) and starts saving it; never awaited here. */
  add(name: string, value: string | null): void;
  /** Resolves once every value taken before the call is saved; rejects when the attempt fails (the values are kept). */
  flush(): Promise<void>;
  /** How many names have a value not saved yet. */
  readonly size: number;
}

/**
 * A buffer that hands each taken value to `persist` at once, one attempt at a time. A failed
 * attempt logs an error and keeps its values (unless newer ones came meanwhile) for the next
 * `add()` or `flush()`: parameters change rarely, and a store that cannot save them cannot
 * save points either, which the write buffer retries on its own schedule.
 */
export function createParameterBuffer(persist: (names: string[], values: (string | null)[]) => Promise<void>): ParameterBuffer {
  let pending = new Map<string, string | null>();
  let queue: Promise<void> = Promise.resolve();

  const attempt = async () => {
    if (pending.size === 0) return;
    const batch = pending;
    pending = new Map();
    try {
      await persist([...batch.keys()], [...batch.values()]);
    } catch (error) {
      for (const [name, value] of batch) if (!pending.has(name)) pending.set(name, value);
      throw error;
    }
  };
  const flush = () => {
    const run = queue.then(attempt);
    queue = run.catch(() => {});
    return run;
  };

  return {
    add(name, value) {
      pending.set(name, value);
      flush().catch((error: unknown) => mviLogger().error(`Could not save parameter "${name}"; it is kept and saved with the next change or on close`, error));
    },
    flush,
    get size() {
      return pending.size;
    },
  };
}
