// The time range the service page reads its monitored variables for: the last so much time
// (followed as time passes) or a fixed span, kept in the page's address.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The ranges offered as buttons, newest data last. */
export const RANGE_PRESETS = [
  { id: '15m', label: '15 min', ms: 15 * MINUTE },
  { id: '1h', label: '1 h', ms: HOUR },
  { id: '6h', label: '6 h', ms: 6 * HOUR },
  { id: '24h', label: '24 h', ms: DAY },
  { id: '7d', label: '7 d', ms: 7 * DAY },
  { id: '30d', label: '30 d', ms: 30 * DAY },
] as const;

/** One of the {@link RANGE_PRESETS}. */
export type PresetId = (typeof RANGE_PRESETS)[number]['id'];

/** The last so much time up to now, or a fixed span (ms since the epoch, both inclusive). */
export type TimeRange =
  | { readonly kind: 'last'; readonly preset: PresetId }
  | { readonly kind: 'between'; readonly start: number; readonly end: number };

const DEFAULT_PRESET: PresetId = '1h';

/** The range a page opens with. */
export const DEFAULT_RANGE: TimeRange = Object.freeze({ kind: 'last', preset: DEFAULT_PRESET });

const presetOf = (id: string) => RANGE_PRESETS.find((preset) => preset.id === id);

/** The span a range covers as of `now` (ms). */
export function resolveRange(range: TimeRange, now: number): { readonly start: number; readonly end: number } {
  if (range.kind === 'between') return { start: range.start, end: range.end };
  return { start: now - presetOf(range.preset)!.ms, end: now };
}

/** The range as query parameters of the page's address: `range=1h`, or `from` and `to` in ISO 8601. */
export function rangeToParams(range: TimeRange): Record<string, string> {
  if (range.kind === 'last') return range.preset === DEFAULT_PRESET ? {} : { range: range.preset };
  return { from: new Date(range.start).toISOString(), to: new Date(range.end).toISOString() };
}

/** The range named by an address's query parameters; the default when they name none, or none that makes sense. */
export function rangeFromParams(params: URLSearchParams): TimeRange {
  const preset = params.get('range');
  if (preset !== null && presetOf(preset)) return { kind: 'last', preset: presetOf(preset)!.id };
  const start = Date.parse(params.get('from') ?? '');
  const end = Date.parse(params.get('to') ?? '');
  return start < end ? { kind: 'between', start, end } : DEFAULT_RANGE;
}

const two = (n: number) => String(n).padStart(2, '0');

/** A moment as a `datetime-local` input shows it (the browser's time zone, to the minute). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** The range two `datetime-local` inputs give, or why they give none. */
export function rangeFromInputs(from: string, to: string): TimeRange | string {
  const start = new Date(from).getTime();
  const end = new Date(to).getTime();
  if (Number.isNaN(start) || Number.isNaN(end)) return 'Enter both a start and an end';
  if (start >= end) return 'The start must be before the end';
  // The end minute is meant whole: 10:00 to 10:05 includes what happened at 10:05:30.
  return { kind: 'between', start, end: end + MINUTE - 1 };
}

/** The range a chart's selection covers, from its first to its last moment (ms); undefined for a selection too small to mean anything. */
export function rangeFromSelection(start: number, end: number): TimeRange | undefined {
  return end - start >= 1000 ? { kind: 'between', start: Math.floor(start), end: Math.ceil(end) } : undefined;
}

/**
 * How often a range is read again (ms): a fixed span never, one that ends now the more often the
 * shorter it is, so that a month of points is not read again every few seconds.
 */
export function refreshInterval(range: TimeRange): number {
  if (range.kind === 'between') return 0;
  const { ms } = presetOf(range.preset)!;
  return ms <= HOUR ? 5000 : ms <= DAY ? 30_000 : 60_000;
}

/** The shortest span a chart's time axis shows (ms). */
const MIN_AXIS_SPAN = 10_000;

/**
 * The span a chart's time axis shows for what was read: a fixed range as it is; a range that
 * ends now from a little before its first point (never before the range), so that data of the
 * last minutes is not squeezed to the edge of a 30-day axis while its age still shows.
 */
export function axisSpan(read: { readonly start: number; readonly end: number }, first: number | undefined, range: TimeRange): { readonly start: number; readonly end: number } {
  if (range.kind === 'between' || first === undefined) return { start: read.start, end: read.end };
  const span = Math.max(read.end - first, MIN_AXIS_SPAN) * 1.05;
  return { start: Math.max(read.start, read.end - span), end: read.end };
}
