import { formatAgo, formatDuration } from './_format.ts';
import { nextLoadIn } from './_poll-interval.ts';

/** What a poll gave last, as far as its status goes (a `Polled`'s fields). */
interface Read {
  readonly at: number | undefined;
  readonly error: string | undefined;
}

/** What a card's head says of its polled data: still loading, how fresh it is and how often it is read, or that reading it failed. */
export function pollStatus({ at, error }: Read, interval: number, now: number): string {
  // Data read before stays shown under a failure, so its age is what matters; without any, that it is tried again.
  if (error !== undefined) return at === undefined ? `Read failed · trying again every ${formatDuration(nextLoadIn(interval, true))}` : `Updated ${formatAgo(at, now)} · the latest read failed`;
  if (at === undefined) return 'Loading…';
  return `Updated ${formatAgo(at, now)}${interval ? ` · every ${formatDuration(interval)}` : ''}`;
}
