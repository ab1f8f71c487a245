// @ts-check
// PostgreSQL's binary array format (what array_recv reads), for statement parameters. PGlite
// sends a Uint8Array parameter as binary: the server then skips parsing a text array literal
// and each element's text (float8in, to_timestamp), and PGlite skips escaping and measuring
// every element in JavaScript. Together that was a third of the CPU of an insert.

/** @typedef {'int4' | 'float8' | 'timestamptz' | 'text' | 'bytea'} ElementType */
/** @typedef {(view: DataView, offset: number, value: number) => void} SetElement */

/** @type {Record<ElementType, number>} */
const ELEMENT_OIDS = { int4: 23, float8: 701, timestamptz: 1184, text: 25, bytea: 17 };
// timestamptz counts microseconds from 2000-01-01 UTC.
const POSTGRES_EPOCH_MS = 946_684_800_000;
const TWO_32 = 4_294_967_296;
const HEADER = 20;
const encoder = new TextEncoder();

// Milliseconds of the years 1 to 9999 times 1000 pass 2^53: multiply the two 32-bit halves.
/**
 * Writes epoch milliseconds `ms` at `offset` as PostgreSQL's binary timestamptz (microseconds since 2000).
 * @type {SetElement}
 */
export function setMicroseconds(view, offset, ms) {
  const since = Math.round(ms) - POSTGRES_EPOCH_MS;
  const high = Math.floor(since / TWO_32);
  const low = (since - high * TWO_32) * 1000;
  const carry = Math.floor(low / TWO_32);
  view.setInt32(offset, high * 1000 + carry);
  view.setUint32(offset + 4, low - carry * TWO_32);
}

/** @type {Partial<Record<ElementType, [width: number, set: SetElement]>>} */
const FIXED_WIDTH = {
  int4: [4, (view, offset, value) => view.setInt32(offset, value)],
  float8: [8, (view, offset, value) => view.setFloat64(offset, value)],
  timestamptz: [8, setMicroseconds],
};

/**
 * @param {ElementType} type
 * @param {readonly (number | string | Uint8Array | null)[]} values
 */
function upperBound(type, values) {
  const fixed = FIXED_WIDTH[type];
  if (fixed) return HEADER + values.length * (4 + fixed[0]);
  let size = HEADER;
  // UTF-16 code units take at most 3 bytes each in UTF-8.
  for (const value of values) size += 4 + (value === null ? 0 : type === 'bytea' ? /** @type {Uint8Array} */ (value).length : /** @type {string} */ (value).length * 3);
  return size;
}

/**
 * `values` (null allowed) as a one-dimensional PostgreSQL array of `type` ('int4', 'float8',
 * 'timestamptz' from epoch milliseconds, 'text', or 'bytea' from bytes) in binary format.
 * @param {ElementType} type
 * @param {readonly (number | string | Uint8Array | null)[]} values
 * @returns {Uint8Array}
 */
export function toBinaryArray(type, values) {
  const bytes = new Uint8Array(upperBound(type, values));
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 1); // dimensions
  view.setInt32(4, values.includes(null) ? 1 : 0);
  view.setInt32(8, ELEMENT_OIDS[type]);
  view.setInt32(12, values.length);
  view.setInt32(16, 1); // lower bound
  let offset = HEADER;
  const [width = 0, set] = FIXED_WIDTH[type] ?? [];
  for (const value of values) {
    if (value === null) {
      view.setInt32(offset, -1);
      offset += 4;
    } else if (set) {
      view.setInt32(offset, width);
      set(view, offset + 4, /** @type {number} */ (value));
      offset += 4 + width;
    } else if (type === 'bytea') {
      const data = /** @type {Uint8Array} */ (value);
      view.setInt32(offset, data.length);
      bytes.set(data, offset + 4);
      offset += 4 + data.length;
    } else {
      const { written } = encoder.encodeInto(/** @type {string} */ (value), bytes.subarray(offset + 4));
      view.setInt32(offset, written);
      offset += 4 + written;
    }
  }
  return bytes.subarray(0, offset);
}
