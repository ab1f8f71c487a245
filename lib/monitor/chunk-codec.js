// @ts-check
// A chunk is the points of one variable that one write brought, kept as one row of
// mvi_chunks: a row per point cost PGlite ~4 µs each (index entries, tuple headers, WAL), a
// chunk a few percent of that. The bytes below, deflated: PGlite spends ~20 ns per byte it is
// given (WAL, pages, checksums), zlib ~2, so compressing pays for itself. Plain JavaScript, as
// the worker that uses it is.
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/** @typedef {import('./types.ts').StoredValue} StoredValue */

/**
 * Points of one variable ordered by time, then by arrival: a store-wide counter that orders
 * points of the same millisecond, also across variables. Times and arrivals of a chunk read
 * back are typed arrays: off the heap, where a large read's arrays cost the collector nothing.
 * @typedef {{ times: ArrayLike<number>, arrivals: ArrayLike<number>, values: StoredValue[] }} ChunkPoints
 */

/**
 * The same as columns, the shape the write buffer gathers: `lengths[i]` is the UTF-16 length of
 * point i's text in `text` (the texts joined in order), or -1 when the point is `numbers[i]`.
 * @typedef {{ times: ArrayLike<number>, arrivals: ArrayLike<number>, lengths: ArrayLike<number>, numbers: ArrayLike<number>, text: string }} ChunkColumns
 */

// The layout, little-endian: u8 version, varint count, u8 kind, f64 first time, f64 first
// arrival, varint time deltas (never negative), zigzag varint arrival deltas, for a mixed kind
// a bitmap of the numbers, f64 numbers, varint UTF-16 lengths of the texts, and their UTF-8
// joined. Stored behind one byte that says whether the rest is deflated.
const VERSION = 1;
const [NUMBERS, TEXTS, MIXED] = [0, 1, 2];
const [RAW, DEFLATED] = [0, 1];
// Below this, zlib's fixed cost per call (~10 µs, a read of many small chunks pays it for each)
// outweighs what it saves.
const DEFLATE_FROM = 512;

/**
 * @param {Buffer} out
 * @param {number} offset
 * @param {number} value a whole number, 0 to 2^53
 */
function writeVarint(out, offset, value) {
  let o = offset;
  let rest = value;
  while (rest >= 128) {
    out[o++] = (rest % 128) | 128;
    rest = Math.floor(rest / 128);
  }
  out[o++] = rest;
  return o;
}

/** A reader of the varints {@link writeVarint} writes. */
class Cursor {
  /** @param {Buffer} bytes */
  constructor(bytes) {
    this.bytes = bytes;
    this.offset = 0;
  }

  varint() {
    const bytes = this.bytes;
    let byte = /** @type {number} */ (bytes[this.offset++]);
    if (byte < 128) return byte;
    let value = byte - 128;
    let scale = 128;
    for (;;) {
      byte = /** @type {number} */ (bytes[this.offset++]);
      if (byte < 128) return value + byte * scale;
      value += (byte - 128) * scale;
      scale *= 128;
    }
  }

  zigzag() {
    const z = this.varint();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  f64() {
    const value = this.bytes.readDoubleLE(this.offset);
    this.offset += 8;
    return value;
  }
}

/**
 * `points` as columns.
 * @param {ChunkPoints} points
 * @returns {ChunkColumns}
 */
export function columnsOf({ times, arrivals, values }) {
  // Columns are read by index only: typed arrays and arrays alike.
  const lengths = values.map((value) => (typeof value === 'number' ? -1 : value.length));
  const numbers = values.map((value) => (typeof value === 'number' ? value : 0));
  return { times, arrivals, lengths, numbers, text: values.filter((value) => typeof value === 'string').join('') };
}

/**
 * `columns` ordered by time, ties kept in the order given (arrival order): the same object when
 * they already are in order, as they nearly always arrive.
 * @param {ChunkColumns} columns
 * @returns {ChunkColumns}
 */
export function inTimeOrder(columns) {
  const { times, arrivals, lengths, numbers, text } = columns;
  let ordered = true;
  for (let i = 1; i < times.length && ordered; i++) ordered = /** @type {number} */ (times[i]) >= /** @type {number} */ (times[i - 1]);
  if (ordered) return columns;
  /** @type {number[]} */
  const starts = [];
  let at = 0;
  for (let i = 0; i < lengths.length; i++) {
    starts.push(at);
    at += Math.max(0, /** @type {number} */ (lengths[i]));
  }
  // Array#sort is stable: equal times keep their arrival order.
  const order = Array.from(times, (_, i) => i).sort((a, b) => /** @type {number} */ (times[a]) - /** @type {number} */ (times[b]));
  const pick = (/** @type {ArrayLike<number>} */ column) => order.map((i) => /** @type {number} */ (column[i]));
  const texts = order.map((i) => text.slice(/** @type {number} */ (starts[i]), /** @type {number} */ (starts[i]) + Math.max(0, /** @type {number} */ (lengths[i]))));
  return { times: pick(times), arrivals: pick(arrivals), lengths: pick(lengths), numbers: pick(numbers), text: texts.join('') };
}

/**
 * The stored bytes of `columns`: at least one point, ordered by time then arrival, times in
 * whole milliseconds, arrivals whole numbers.
 * @param {ChunkColumns} columns
 * @returns {Buffer}
 */
export function encodeChunk({ times, arrivals, lengths, numbers, text }) {
  const n = times.length;
  let texts = 0;
  for (let i = 0; i < n; i++) if (/** @type {number} */ (lengths[i]) >= 0) texts++;
  const kind = texts === 0 ? NUMBERS : texts === n ? TEXTS : MIXED;
  // Varints of up to 2^53 take 8 bytes.
  const size = 1 + 1 + 8 + 1 + 16 + (n - 1) * 16 + (kind === MIXED ? Math.ceil(n / 8) : 0) + (n - texts) * 8 + texts * 8 + Buffer.byteLength(text);
  const out = Buffer.allocUnsafe(size);
  out[0] = RAW;
  out[1] = VERSION;
  let o = writeVarint(out, 2, n);
  out[o++] = kind;
  o = out.writeDoubleLE(/** @type {number} */ (times[0]), o);
  o = out.writeDoubleLE(/** @type {number} */ (arrivals[0]), o);
  for (let i = 1; i < n; i++) o = writeVarint(out, o, /** @type {number} */ (times[i]) - /** @type {number} */ (times[i - 1]));
  for (let i = 1; i < n; i++) {
    const delta = /** @type {number} */ (arrivals[i]) - /** @type {number} */ (arrivals[i - 1]);
    o = writeVarint(out, o, delta >= 0 ? delta * 2 : -delta * 2 - 1);
  }
  if (kind === MIXED) {
    const bitmap = out.subarray(o, o + Math.ceil(n / 8)).fill(0);
    for (let i = 0; i < n; i++) if (/** @type {number} */ (lengths[i]) < 0) bitmap[i >> 3] = /** @type {number} */ (bitmap[i >> 3]) | (1 << (i & 7));
    o += bitmap.length;
  }
  if (kind !== TEXTS) for (let i = 0; i < n; i++) if (/** @type {number} */ (lengths[i]) < 0) o = out.writeDoubleLE(/** @type {number} */ (numbers[i]), o);
  if (kind !== NUMBERS) for (let i = 0; i < n; i++) if (/** @type {number} */ (lengths[i]) >= 0) o = writeVarint(out, o, /** @type {number} */ (lengths[i]));
  o += out.write(text, o, 'utf8');
  if (o < DEFLATE_FROM) return out.subarray(0, o);
  const deflated = deflateRawSync(out.subarray(1, o), { level: 1 });
  const stored = Buffer.allocUnsafe(deflated.length + 1);
  stored[0] = DEFLATED;
  deflated.copy(stored, 1);
  return stored;
}

/**
 * The points of a chunk's stored bytes.
 * @param {Uint8Array} stored
 * @returns {{ times: Float64Array, arrivals: Float64Array, values: StoredValue[] }}
 */
export function decodeChunk(stored) {
  const whole = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
  const bytes = whole[0] === DEFLATED ? inflateRawSync(whole.subarray(1)) : whole.subarray(1);
  if (bytes[0] !== VERSION) throw new Error(`Unknown monitoring chunk version ${bytes[0]}`);
  const cursor = new Cursor(bytes);
  cursor.offset = 1;
  const n = cursor.varint();
  const kind = bytes[cursor.offset++];
  const times = new Float64Array(n);
  const arrivals = new Float64Array(n);
  times[0] = cursor.f64();
  arrivals[0] = cursor.f64();
  for (let i = 1; i < n; i++) times[i] = /** @type {number} */ (times[i - 1]) + cursor.varint();
  for (let i = 1; i < n; i++) arrivals[i] = /** @type {number} */ (arrivals[i - 1]) + cursor.zigzag();
  const bitmap = kind === MIXED ? cursor.offset : -1;
  if (kind === MIXED) cursor.offset += Math.ceil(n / 8);
  const isNumber = (/** @type {number} */ i) =>
    kind === MIXED ? ((/** @type {number} */ (bytes[bitmap + (i >> 3)]) >> (i & 7)) & 1) === 1 : kind === NUMBERS;
  /** @type {StoredValue[]} */
  const values = [];
  let texts = 0;
  for (let i = 0; i < n; i++) {
    if (isNumber(i)) values.push(cursor.f64());
    else {
      values.push('');
      texts++;
    }
  }
  if (texts > 0) {
    const lengths = Array.from({ length: texts }, () => cursor.varint());
    const joined = bytes.toString('utf8', cursor.offset);
    let at = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (isNumber(i)) continue;
      const end = at + /** @type {number} */ (lengths[k++]);
      values[i] = joined.slice(at, end);
      at = end;
    }
  }
  return { times, arrivals, values };
}
