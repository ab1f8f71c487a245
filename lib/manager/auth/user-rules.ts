import * as v from 'valibot';

/** A user's name: lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 64 characters. */
export const USER_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

// `manager` is the subject of the manager's own tokens; services are `service:{name}_{version}`, which no user name can be.
const RESERVED = 'manager';

/** A user's name, as `/admin/users` validates it. */
export const UserNameSchema = v.pipe(
  v.string(),
  v.regex(USER_NAME_PATTERN, 'Invalid user name: use lowercase letters, digits, ".", "_" and "-", starting with a letter or digit, at most 64 characters'),
  v.notValue(RESERVED, `The user name "${RESERVED}" is reserved`),
);

/** A password: 8 to 1 024 characters. */
export const PasswordSchema = v.pipe(v.string(), v.minLength(8, 'A password has at least 8 characters'), v.maxLength(1024, 'A password has at most 1024 characters'));

/** The roles a user can have; `manager` is the manager's own. */
export const UserRoleSchema = v.picklist(['admin', 'user', 'service'], 'A role is one of admin, user, service');

/** Throws a TypeError naming `source` when `password` breaks {@link PasswordSchema}. */
export function assertPassword(password: string, source: string): void {
  const result = v.safeParse(PasswordSchema, password);
  if (!result.success) throw new TypeError(`${source}: ${result.issues[0].message}`);
}
