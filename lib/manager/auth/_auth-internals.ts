import type { ConsolaInstance } from 'consola';
import type { Role } from '../../protocol/token-claims.ts';
import type { Auth } from '../types.ts';
import type { TokenKind, TokenStore } from './_token-store.ts';
import type { UserStore } from './_user-store.ts';

/** How long a login lasts. */
export const SESSION_LIFETIME_MS = 7 * 86_400_000;

/** What the routes of auth share with it. */
export interface AuthInternals {
  readonly auth: Auth;
  readonly users: UserStore;
  readonly tokens: TokenStore;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly logger: ConsolaInstance;
  /** Signs and stores a new token; `lifetime` in ms, none for one that never expires. */
  issue(subject: string, role: Role, kind: TokenKind, lifetime?: number): Promise<{ readonly token: string; readonly id: string }>;
}
