import type { StoredValue } from './types.ts';

/** Numbers stay numbers, strings stay text, anything else becomes JSON text. */
export function toStoredValue(value: unknown): StoredValue {
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  const json = JSON.stringify(value);
  return json === undefined ? String(value) : json;
}
