import { UserError } from './user-error.ts';

/** A whole number from `min` to `max` given to `--{flag}`; undefined when the option was not given. */
export function parseWhole(value: string | undefined, flag: string, min: number, max: number, alternative?: string): number | undefined {
  if (value === undefined) return undefined;
  const number = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < min || number > max) {
    throw new UserError(`${flag} must be a whole number from ${min} to ${max}${alternative === undefined ? '' : `, or ${alternative}`}, got "${value}"`);
  }
  return number;
}

/** A port given to `--port` (0 picks a free one where `allowZero`). */
export function parsePort(value: string | undefined, allowZero = true): number | undefined {
  return parseWhole(value, '--port', allowZero ? 0 : 1, 65_535);
}
