// @ts-check
// Plain JavaScript, as the worker that builds the zips of the PGlite store is.
import { toFileName } from '../utilities/_file-name.js';

/** @typedef {import('./types.ts').MonitorData} MonitorData */

/** @param {string | number} value */
function csvField(value) {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// A variable name may hold any character; a file name in the zip may not.
/**
 * @param {string} variable
 * @param {Set<string>} taken
 */
function fileName(variable, taken) {
  const base = toFileName(variable);
  let name = `${base}.csv`;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}.csv`;
  taken.add(name);
  return name;
}

/**
 * A zip of one `<variable>.csv` per variable, each with the header `timestamp,value`.
 * @param {MonitorData} data
 * @returns {Promise<Uint8Array>}
 */
export async function toCsvZip(data) {
  // Loaded on the first download, not at every start.
  const { strToU8, zipSync } = await import('fflate');
  const taken = new Set();
  /** @type {Record<string, Uint8Array>} */
  const files = {};
  for (const [variable, series] of Object.entries(data)) {
    let text = 'timestamp,value\n';
    for (let i = 0; i < series.timestamp.length; i++) text += `${series.timestamp[i]},${csvField(/** @type {string | number} */ (series.value[i]))}\n`;
    files[fileName(variable, taken)] = strToU8(text);
  }
  return zipSync(files, { level: 6 });
}
