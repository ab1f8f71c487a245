import type { Clock } from '../engine/clock.ts';
import { parseDuration } from '../service/duration.ts';

/** A clock that moves only when told to, running the timers that fall due on the way. */
export interface TestClock extends Clock {
  /** Moves time forward by milliseconds or a duration (`'5m'`), running due timers (and jobs) in order. */
  advance(by: number | string): Promise<void>;
  /** Moves time forward to `time` (ms since the epoch or a Date). */
  advanceTo(time: number | Date): Promise<void>;
}

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => unknown;
}

// Lets the work a timer started (a job's microtasks) settle before time moves on, without
// waiting for work that is blocked on something the test controls.
const settle = (work: unknown) =>
  Promise.race([Promise.resolve(work).catch(() => {}), new Promise<void>((resolve) => setImmediate(resolve))]);

/** Creates a {@link TestClock} that reads `start` (ms since the epoch or a Date). */
export function createTestClock(start: number | Date = Date.now()): TestClock {
  let now = typeof start === 'number' ? start : start.getTime();
  let seq = 0;
  let timers: Timer[] = [];
  let moving: Promise<void> = Promise.resolve();

  const advanceTo = async (target: number) => {
    for (;;) {
      // Work already under way (a job just released by the test) finishes before time moves.
      await settle(undefined);
      const due = timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      timers = timers.filter((t) => t !== due);
      now = Math.max(now, due.at);
      await settle(due.callback());
    }
    now = Math.max(now, target);
  };
  // Calls queue up, so two advances never interleave.
  const queue = (target: () => number) => (moving = moving.then(() => advanceTo(target())));

  return {
    now: () => now,
    setTimer(at, callback) {
      const timer = { at, seq: seq++, callback };
      timers.push(timer);
      return () => {
        timers = timers.filter((t) => t !== timer);
      };
    },
    advance(by) {
      const ms = typeof by === 'number' ? by : parseDuration(by);
      if (ms === undefined || ms < 0 || !Number.isFinite(ms)) throw new TypeError(`clock.advance(): invalid duration ${JSON.stringify(by)}`);
      return queue(() => now + ms);
    },
    advanceTo(time) {
      return queue(() => (typeof time === 'number' ? time : time.getTime()));
    },
  };
}
