import type { MonitorPoint } from './types.ts';

// Years 1 to 9999: what ISO 8601 writes with four digits and every PostgreSQL parses back.
const EARLIEST = -62_135_596_800_000;
const LATEST = 253_402_300_799_999;

function describe(point: MonitorPoint): string | undefined {
  if (typeof point.variable !== 'string') return 'its variable name is not a string';
  // PostgreSQL text cannot hold NUL: such a point would fail its whole batch forever.
  if (point.variable.includes('\0')) return 'its variable name contains a NUL character';
  if (!Number.isFinite(point.timestamp) || point.timestamp < EARLIEST || point.timestamp > LATEST) {
    return `its timestamp ${point.timestamp} is not between the years 1 and 9999`;
  }
  if (typeof point.value === 'string') return point.value.includes('\0') ? 'its text contains a NUL character' : undefined;
  return typeof point.value === 'number' ? undefined : `its value is a ${typeof point.value}, not a number or a string`;
}

/** Throws a `TypeError` naming the first point no PostgreSQL can store, before any is accepted. */
export function assertStorable(points: readonly MonitorPoint[]): void {
  for (const point of points) {
    const problem = describe(point);
    if (problem) throw new TypeError(`Cannot store the monitoring point ${JSON.stringify(point.variable)}: ${problem}`);
  }
}

/** Throws a `TypeError` when a parameter's name or kept value cannot be stored as PostgreSQL text. */
export function assertStorableParameter(name: string, value: string | null): void {
  if (name.includes('\0') || value?.includes('\0')) {
    throw new TypeError(`Cannot keep the value of parameter ${JSON.stringify(name)}: PostgreSQL text cannot hold a NUL character`);
  }
}
