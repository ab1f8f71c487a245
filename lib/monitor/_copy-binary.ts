import { setMicroseconds } from './to-binary-array.js';

/** The columns of a batch of points as `COPY mvi_samples (variable_id, ts, num, txt, replica_id)` takes them. */
export interface CopyColumns {
  readonly variableIds: readonly number[];
  readonly timestamps: readonly number[];
  readonly nums: readonly (number | null)[];
  readonly txts: readonly (string | null)[];
}

// PGCOPY\n\377\r\n\0, then flags and the length of the header extension (both 0).
const SIGNATURE = [0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00];
const HEADER = SIGNATURE.length + 8;
// A row: its field count, then each field's length and bytes (a text's length is worked out).
const FIXED_ROW = 2 + (4 + 4) + (4 + 8) + (4 + 8) + 4 + (4 + 4);

/**
 * The rows from `from` on as COPY's binary format, each tagged with `replicaId`. PostgreSQL
 * then parses no text at all: a third less server CPU per point than an insert from unnest()
 * of text arrays, and half the client's (bench/postgres-scale-out.ts).
 */
export function toCopyBinary(columns: CopyColumns, replicaId: number, from = 0): Buffer {
  let size = HEADER + 2;
  for (let i = from; i < columns.variableIds.length; i++) size += FIXED_ROW + (columns.txts[i]?.length ?? 0) * 3;
  const bytes = Buffer.allocUnsafe(size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  bytes.set(SIGNATURE, 0);
  view.setInt32(SIGNATURE.length, 0);
  view.setInt32(SIGNATURE.length + 4, 0);
  let o = HEADER;
  for (let i = from; i < columns.variableIds.length; i++) {
    view.setInt16(o, 5);
    view.setInt32(o + 2, 4);
    view.setInt32(o + 6, columns.variableIds[i]!);
    view.setInt32(o + 10, 8);
    setMicroseconds(view, o + 14, columns.timestamps[i]!);
    o += 22;
    const num = columns.nums[i];
    if (num === null || num === undefined) {
      view.setInt32(o, -1);
      o += 4;
    } else {
      view.setInt32(o, 8);
      view.setFloat64(o + 4, num);
      o += 12;
    }
    const txt = columns.txts[i];
    if (txt === null || txt === undefined) {
      view.setInt32(o, -1);
      o += 4;
    } else {
      const written = bytes.write(txt, o + 4, 'utf8');
      view.setInt32(o, written);
      o += 4 + written;
    }
    view.setInt32(o, 4);
    view.setInt32(o + 4, replicaId);
    o += 8;
  }
  view.setInt16(o, -1);
  return bytes.subarray(0, o + 2);
}
