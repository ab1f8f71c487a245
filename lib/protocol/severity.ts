/** How serious a notification is; the numbers are the manager's wire values. */
export const Severity = Object.freeze({ INFO: 0, WARNING: 1, CRITICAL: 2 } as const);

/** One of `Severity.INFO`, `Severity.WARNING`, `Severity.CRITICAL`. */
export type Severity = (typeof Severity)[keyof typeof Severity];

const NAMES = new Map<number, keyof typeof Severity>(Object.entries(Severity).map(([name, value]) => [value, name as keyof typeof Severity]));

/** The name of a wire severity (`2` → `'CRITICAL'`), undefined for a number that is none. */
export const severityName = (severity: number): keyof typeof Severity | undefined => NAMES.get(severity);
