import type { Role } from '../types.ts';

/** Who may call services through the gateway. */
export const CALLERS: readonly Role[] = ['admin', 'user', 'service'];
/** Who may deploy, assign, kill, list, read logs and shadow reports: never a service's token. */
export const OPERATORS: readonly Role[] = ['admin', 'user'];
