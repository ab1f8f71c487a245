/** Where the engine gets time and timers, so tests can control both. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `callback` at time `at` (ms since the epoch); returns a function that cancels it. */
  setTimer(at: number, callback: () => unknown): () => void;
}

// setTimeout takes at most 2^31-1 ms; longer waits re-arm.
const MAX_DELAY = 2_147_483_647;

/** The real clock. */
export const systemClock: Clock = Object.freeze({
  now: () => Date.now(),
  setTimer(at: number, callback: () => unknown) {
    let handle: NodeJS.Timeout;
    const arm = () => {
      const delay = at - Date.now();
      handle = delay > MAX_DELAY ? setTimeout(arm, MAX_DELAY) : setTimeout(callback, Math.max(0, delay));
    };
    arm();
    return () => clearTimeout(handle);
  },
});
