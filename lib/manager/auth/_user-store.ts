import type { ManagerSql } from '../manager-db.ts';
import type { Role } from '../../protocol/token-claims.ts';

/** A user as `GET /admin/users` lists them. */
export interface UserInfo {
  readonly name: string;
  readonly role: Role;
  /** ISO 8601. */
  readonly created_at: string;
}

/** A user with their password hash, for logins. */
export interface UserRecord extends UserInfo {
  readonly passwordHash: string;
}

/** The manager's users. */
export interface UserStore {
  get(name: string): Promise<UserRecord | undefined>;
  /** Every user, oldest first. */
  list(): Promise<UserInfo[]>;
  /** Adds a user; false when the name is taken. */
  create(user: { readonly name: string; readonly role: Role; readonly passwordHash: string }, at: number): Promise<boolean>;
  /** Changes a user's password hash and/or role; false when there is no such user. */
  update(name: string, change: { readonly role?: Role; readonly passwordHash?: string }): Promise<boolean>;
  /** Removes a user; false when there is no such user. */
  remove(name: string): Promise<boolean>;
  /** How many users there are. */
  count(): Promise<number>;
}

const TABLE = `CREATE TABLE IF NOT EXISTS mvi_manager_users (
  name text PRIMARY KEY,
  role text NOT NULL,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL
)`;

interface Row {
  readonly name: string;
  readonly role: Role;
  readonly password_hash: string;
  readonly created_at: Date;
}

const infoOf = (row: Row): UserInfo => ({ name: row.name, role: row.role, created_at: row.created_at.toISOString() });

/** Opens the users table of the manager's database. */
export async function openUserStore(pg: ManagerSql): Promise<UserStore> {
  await pg.exec(TABLE);
  return {
    async get(name) {
      const row = (await pg.query<Row>('SELECT name, role, password_hash, created_at FROM mvi_manager_users WHERE name = $1', [name])).rows[0];
      return row && { ...infoOf(row), passwordHash: row.password_hash };
    },
    async list() {
      return (await pg.query<Row>('SELECT name, role, password_hash, created_at FROM mvi_manager_users ORDER BY created_at, name')).rows.map(infoOf);
    },
    async create(user, at) {
      const { affectedRows } = await pg.query(
        'INSERT INTO mvi_manager_users (name, role, password_hash, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING',
        [user.name, user.role, user.passwordHash, new Date(at).toISOString()],
      );
      return affectedRows === 1;
    },
    async update(name, change) {
      const { affectedRows } = await pg.query(
        'UPDATE mvi_manager_users SET role = COALESCE($2, role), password_hash = COALESCE($3, password_hash) WHERE name = $1',
        [name, change.role ?? null, change.passwordHash ?? null],
      );
      return affectedRows === 1;
    },
    async remove(name) {
      return (await pg.query('DELETE FROM mvi_manager_users WHERE name = $1', [name])).affectedRows === 1;
    },
    async count() {
      return (await pg.query<{ count: number }>('SELECT count(*)::int AS count FROM mvi_manager_users')).rows[0]?.count ?? 0;
    },
  };
}
