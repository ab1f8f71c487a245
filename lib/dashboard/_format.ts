// How the dashboard writes times, durations and numbers: short, and the same everywhere.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration as its two largest units: `3 d 4 h`, `2 h 5 min`, `4 min 10 s`, `12 s`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const units: [number, string][] = [[DAY, 'd'], [HOUR, 'h'], [MINUTE, 'min'], [SECOND, 's']];
  const first = units.findIndex(([size]) => ms >= size);
  if (first === -1) return '0 s';
  const [size, unit] = units[first]!;
  const whole = Math.floor(ms / size);
  const next = units[first + 1];
  const rest = next ? Math.floor((ms - whole * size) / next[0]) : 0;
  return next && rest > 0 ? `${whole} ${unit} ${rest} ${next[1]}` : `${whole} ${unit}`;
}

/** How long ago a moment (ISO 8601 or ms) was, as of `now` (ms): `just now`, `5 s ago`, `3 min ago`, `2 h ago`, `4 d ago`. */
export function formatAgo(moment: string | number, now: number): string {
  const at = typeof moment === 'number' ? moment : Date.parse(moment);
  if (Number.isNaN(at)) return '—';
  const ms = now - at;
  if (ms < 5 * SECOND) return 'just now';
  if (ms < MINUTE) return `${Math.floor(ms / SECOND)} s ago`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)} min ago`;
  if (ms < DAY) return `${Math.floor(ms / HOUR)} h ago`;
  return `${Math.floor(ms / DAY)} d ago`;
}

const two = (n: number) => String(n).padStart(2, '0');

/** A moment in the browser's time zone, `2026-12-01 11:28:46`; the date is left out when `today` (ms) is the same day. */
export function formatDateTime(iso: string | number, today?: number): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const time = `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  if (today !== undefined && new Date(today).toDateString() === date.toDateString()) return time;
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${time}`;
}

const numbers = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 6 });
const integers = new Intl.NumberFormat('en-US');

/** A measured value: integers in full with separators (`12,034`), fractions to 6 significant digits. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number.isInteger(value) ? integers.format(value) : numbers.format(value);
}

/** A ratio as a percentage with one decimal (`92.3 %`); `—` when there is none yet. */
export function formatPercent(ratio: number | null): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(ratio === 1 || ratio === 0 ? 0 : 1)} %`;
}

/** Milliseconds as `0.42 ms`, `12.5 ms`, `1.25 s`; `—` when not measured. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms >= SECOND) return `${(ms / SECOND).toFixed(2)} s`;
  return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`;
}

/** A count with its noun, singular or plural: `1 point`, `3 points`. */
export function plural(count: number, noun: string): string {
  return `${integers.format(count)} ${noun}${count === 1 ? '' : 's'}`;
}

/** A label of a chart's time axis, as precise as the axis's span (ms) needs: `11:42:05`, `11:42`, `12-01 11:42`. */
export function formatTick(ms: number, span: number): string {
  const date = new Date(ms);
  const minutes = `${two(date.getHours())}:${two(date.getMinutes())}`;
  if (span <= 10 * MINUTE) return `${minutes}:${two(date.getSeconds())}`;
  if (span <= 2 * DAY) return minutes;
  return `${two(date.getMonth() + 1)}-${two(date.getDate())} ${minutes}`;
}
