const UNIT_MS = {
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
} as const;

const UNIT_ALIASES: Readonly<Record<string, keyof typeof UNIT_MS>> = {
  ms: 'ms', millisecond: 'ms', milliseconds: 'ms',
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  m: 'm', min: 'm', mins: 'm', minute: 'm', minutes: 'm',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
  d: 'd', day: 'd', days: 'd',
};

const DURATION = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i;

/**
 * Milliseconds of a duration: a number of seconds, or a string such as `'30s'`, `'5m'`,
 * `'1h'`, `'2 days'`, `'500ms'`; undefined when it is not one or not positive.
 */
export function parseDuration(value: number | string): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value > 0 ? value * 1_000 : undefined;
  }
  const match = DURATION.exec(value.trim());
  const unit = match && UNIT_ALIASES[match[2]!.toLowerCase()];
  if (!match || !unit) return undefined;
  const ms = Number(match[1]) * UNIT_MS[unit];
  return ms > 0 ? ms : undefined;
}
