// @ts-check
// The worker's fast ISO 8601 formatting of stored timestamps, in plain JavaScript as the worker is.
const DAY = 86_400_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, n) => String(n).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, n) => String(n).padStart(3, '0'));
let cachedDay = Number.NaN;
let dayPrefix = '';

// Date#toISOString() took a third of a large read; the points of one read share few days.
/**
 * `ms` (whole milliseconds of the years 1 to 9999) as ISO 8601 UTC, like `Date#toISOString()`.
 * @param {number} ms
 * @returns {string}
 */
export function isoTimestamp(ms) {
  const day = Math.floor(ms / DAY);
  if (day !== cachedDay) {
    cachedDay = day;
    dayPrefix = new Date(day * DAY).toISOString().slice(0, 11);
  }
  const time = ms - day * DAY;
  const hours = TWO_DIGITS[Math.floor(time / 3_600_000)];
  const minutes = TWO_DIGITS[Math.floor(time / 60_000) % 60];
  const seconds = TWO_DIGITS[Math.floor(time / 1000) % 60];
  return `${dayPrefix}${hours}:${minutes}:${seconds}.${THREE_DIGITS[time % 1000]}Z`;
}
