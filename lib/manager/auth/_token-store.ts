import type { ManagerSql } from '../manager-db.ts';
import type { Role } from '../../protocol/token-claims.ts';

/** session: a login; api: minted by a user with `POST /auth/token`; service: a deployed version's. */
export type TokenKind = 'session' | 'api' | 'service';

/** A token the manager still accepts. */
export interface LiveToken {
  /** Its `jti`. */
  readonly id: string;
  readonly subject: string;
  /** The role it acts with now: a user's role change applies to their tokens at once. */
  readonly role: Role;
  readonly kind: TokenKind;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  /** Milliseconds since the epoch; undefined for a token that never expires. */
  readonly expiresAt: number | undefined;
}

/** The live tokens: a table, and a Map in step with it that the request path reads. */
export interface TokenStore {
  /** The live token of that id, if it is neither revoked nor expired: a Map lookup, no query. */
  live(id: string): LiveToken | undefined;
  /** Every live token that `keep` keeps, oldest first. */
  list(keep: (token: LiveToken) => boolean): LiveToken[];
  /** Stores a new token; it is accepted from then on. */
  add(token: LiveToken): Promise<void>;
  /** Revokes a token by id; false when no such token lives. */
  revoke(id: string): Promise<boolean>;
  /** Revokes every token of `subject`. */
  revokeSubject(subject: string): Promise<void>;
  /** Gives every token of `subject` the role `role`. */
  setRole(subject: string, role: Role): Promise<void>;
}

const TABLE = `CREATE TABLE IF NOT EXISTS mvi_manager_tokens (
  id text PRIMARY KEY,
  subject text NOT NULL,
  role text NOT NULL,
  kind text NOT NULL,
  created_at timestamptz NOT NULL,
  expires_at timestamptz
);
CREATE INDEX IF NOT EXISTS mvi_manager_tokens_subject ON mvi_manager_tokens (subject)`;

interface Row {
  readonly id: string;
  readonly subject: string;
  readonly role: Role;
  readonly kind: TokenKind;
  readonly created_at: Date;
  readonly expires_at: Date | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Opens the token table of the manager's database, forgets expired tokens, and loads the rest into memory. */
export async function openTokenStore(pg: ManagerSql, now: () => number): Promise<TokenStore> {
  await pg.exec(TABLE);
  await pg.query('DELETE FROM mvi_manager_tokens WHERE expires_at <= $1', [iso(now())]);
  const { rows } = await pg.query<Row>('SELECT id, subject, role, kind, created_at, expires_at FROM mvi_manager_tokens ORDER BY created_at, id');
  const tokens = new Map<string, LiveToken>(
    rows.map((row) => [row.id, { id: row.id, subject: row.subject, role: row.role, kind: row.kind, createdAt: row.created_at.getTime(), expiresAt: row.expires_at?.getTime() }]),
  );
  const expired = (token: LiveToken) => token.expiresAt !== undefined && token.expiresAt <= now();
  const ofSubject = (subject: string) => [...tokens.values()].filter((token) => token.subject === subject);

  return {
    live(id) {
      const token = tokens.get(id);
      return token && !expired(token) ? token : undefined;
    },
    list: (keep) => [...tokens.values()].filter((token) => !expired(token) && keep(token)),
    async add(token) {
      // Sessions expire by the thousand over time: each new token sweeps out the expired ones.
      for (const old of tokens.values()) if (expired(old)) tokens.delete(old.id);
      await pg.query('DELETE FROM mvi_manager_tokens WHERE expires_at <= $1', [iso(now())]);
      await pg.query('INSERT INTO mvi_manager_tokens (id, subject, role, kind, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        token.id, token.subject, token.role, token.kind, iso(token.createdAt), token.expiresAt === undefined ? null : iso(token.expiresAt),
      ]);
      tokens.set(token.id, token);
    },
    // Revocations take effect in memory first, so that no request slips in while the row goes.
    async revoke(id) {
      const token = tokens.get(id);
      tokens.delete(id);
      await pg.query('DELETE FROM mvi_manager_tokens WHERE id = $1', [id]);
      return token !== undefined && !expired(token);
    },
    async revokeSubject(subject) {
      for (const token of ofSubject(subject)) tokens.delete(token.id);
      await pg.query('DELETE FROM mvi_manager_tokens WHERE subject = $1', [subject]);
    },
    async setRole(subject, role) {
      for (const token of ofSubject(subject)) tokens.set(token.id, { ...token, role });
      await pg.query('UPDATE mvi_manager_tokens SET role = $2 WHERE subject = $1', [subject, role]);
    },
  };
}
