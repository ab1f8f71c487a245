/** How serious a notification is; the numbers are the manager's wire values. */
export const Severity = Object.freeze({ INFO: 0, WARNING: 1, CRITICAL: 2 } as const);

/** One of `Severity.INFO`, `Severity.WARNING`, `Severity.CRITICAL`. */
export type Severity = (typeof Severity)[keyof typeof Severity];
