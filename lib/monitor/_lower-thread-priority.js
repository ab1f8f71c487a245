// @ts-check
// Plain JavaScript, as the store's worker that calls it is.
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * Makes the calling thread `steps` nice levels nicer (at most 19), so that on a busy machine the
 * threads that answer requests run first; does nothing where a thread has no id of its own to
 * name (Linux gives one: on other systems setPriority would slow the whole process down).
 * @param {number} steps
 */
export function lowerThreadPriority(steps) {
  let tid;
  try {
    // "<pid>/task/<tid>": Linux's setpriority() takes a thread id for one thread.
    tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    return;
  }
  try {
    setPriority(tid, Math.min(19, getPriority(tid) + steps));
  } catch {
    // A container may forbid it; the store works the same, only less politely.
  }
}
