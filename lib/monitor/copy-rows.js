// @ts-check
// Rows of the dump's table in COPY's text format, for the dump of every store (plain
// JavaScript: the PGlite store's worker writes them too).
import { isoTimestamp } from './iso-timestamp.js';

/** @typedef {import('./types.ts').StoredValue} StoredValue */

/**
 * `value` as a text field of COPY's text format: backslash escapes (`\N` is NULL).
 * @param {string} value
 */
export function copyField(value) {
  if (!/[\\\t\n\r]/.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** @param {number} value */
function copyNumber(value) {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return String(value);
}

/**
 * One row for columns `(id, variable, ts, num, txt)`, ending with a newline; `field` is the
 * variable's name as {@link copyField} gives it, `ms` a whole millisecond of the years 1 to 9999.
 * @param {number} id
 * @param {string} field
 * @param {number} ms
 * @param {StoredValue} value
 */
export function copyRow(id, field, ms, value) {
  const values = typeof value === 'number' ? `${copyNumber(value)}\t\\N` : `\\N\t${copyField(value)}`;
  return `${id}\t${field}\t${isoTimestamp(ms)}\t${values}\n`;
}
