// @ts-check
// The worker writes the JSON of large reads straight into bytes: no array of 100 000 ISO
// strings, no JSON.stringify, and the bytes cross to the main thread without a copy.

/**
 * One variable's points: epoch milliseconds, and the JSON text of the array of values.
 * @typedef {{ readonly name: string, readonly times: ArrayLike<number>, readonly values: string }} JsonSeries
 */

const DAY = 86_400_000;
// `"YYYY-MM-DDTHH:MM:SS.mmmZ",`
const STAMP_BYTES = 27;
const encoder = new TextEncoder();
const [QUOTE, COMMA, COLON, DOT, Z] = [34, 44, 58, 46, 90];

/**
 * Writes `ms` (whole milliseconds of the years 1 to 9999) as a quoted ISO 8601 UTC time at
 * `offset`, like JSON.stringify of `Date#toISOString()`; `day` caches the date part.
 * @param {Uint8Array} out
 * @param {number} offset
 * @param {number} ms
 * @param {{ number: number, bytes: Uint8Array }} day
 */
function writeStamp(out, offset, ms, day) {
  const number = Math.floor(ms / DAY);
  if (number !== day.number) {
    day.number = number;
    day.bytes = encoder.encode(new Date(number * DAY).toISOString().slice(0, 11));
  }
  let time = ms - number * DAY;
  const hours = Math.floor(time / 3_600_000);
  time -= hours * 3_600_000;
  const minutes = Math.floor(time / 60_000);
  time -= minutes * 60_000;
  const seconds = Math.floor(time / 1000);
  const millis = time - seconds * 1000;
  out[offset] = QUOTE;
  out.set(day.bytes, offset + 1);
  let o = offset + 12;
  out[o++] = 48 + Math.floor(hours / 10);
  out[o++] = 48 + (hours % 10);
  out[o++] = COLON;
  out[o++] = 48 + Math.floor(minutes / 10);
  out[o++] = 48 + (minutes % 10);
  out[o++] = COLON;
  out[o++] = 48 + Math.floor(seconds / 10);
  out[o++] = 48 + (seconds % 10);
  out[o++] = DOT;
  out[o++] = 48 + Math.floor(millis / 100);
  out[o++] = 48 + (Math.floor(millis / 10) % 10);
  out[o++] = 48 + (millis % 10);
  out[o++] = Z;
  out[o++] = QUOTE;
  return o;
}

/**
 * `{"<name>":{"timestamp":[...ISO UTC],"value":<values>},...}` as UTF-8: what JSON.stringify
 * gives for the same series read as objects.
 * @param {readonly JsonSeries[]} series
 * @returns {Uint8Array}
 */
export function toMonitorJson(series) {
  const parts = series.map(({ name, times, values }, i) => ({
    head: encoder.encode(`${i === 0 ? '{' : ','}${JSON.stringify(name)}:{"timestamp":[`),
    times,
    tail: encoder.encode(`],"value":${values}}`),
  }));
  let size = 2;
  for (const part of parts) size += part.head.length + part.times.length * STAMP_BYTES + part.tail.length;
  const out = new Uint8Array(size);
  const day = { number: Number.NaN, bytes: new Uint8Array(0) };
  let offset = 0;
  if (parts.length === 0) out[offset++] = 123; // {
  for (const { head, times, tail } of parts) {
    out.set(head, offset);
    offset += head.length;
    for (let i = 0; i < times.length; i++) {
      if (i > 0) out[offset++] = COMMA;
      offset = writeStamp(out, offset, /** @type {number} */ (times[i]), day);
    }
    out.set(tail, offset);
    offset += tail.length;
  }
  out[offset++] = 125; // }
  return out.subarray(0, offset);
}
