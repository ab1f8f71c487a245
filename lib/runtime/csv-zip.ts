import type { MonitorData } from '../monitor/types.ts';
import { toFileName } from './file-name.ts';

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// A variable name may hold any character; a file name in the zip may not.
function fileName(variable: string, taken: Set<string>): string {
  const base = toFileName(variable);
  let name = `${base}.csv`;
  for (let i = 2; taken.has(name); i++) name = `${base}_${i}.csv`;
  taken.add(name);
  return name;
}

/** A zip of one `<variable>.csv` per variable, each with the header `timestamp,value`. */
export async function toCsvZip(data: MonitorData): Promise<Uint8Array> {
  // Loaded on the first download, not at every service's start.
  const { strToU8, zipSync } = await import('fflate');
  const taken = new Set<string>();
  const files: Record<string, Uint8Array> = {};
  for (const [variable, series] of Object.entries(data)) {
    const lines = ['timestamp,value', ...series.timestamp.map((t, i) => `${t},${csvField(series.value[i]!)}`)];
    files[fileName(variable, taken)] = strToU8(`${lines.join('\n')}\n`);
  }
  return zipSync(files, { level: 6 });
}
