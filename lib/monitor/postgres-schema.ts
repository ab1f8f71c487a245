import { createHash } from 'node:crypto';

// Lower case only: a search path folds unquoted names, and the client's identifier escaping
// reads a dot as a schema-qualified name.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throws a TypeError unless `schema` is a name the PostgreSQL store accepts: lower-case letters, digits and `_`, at most 63 characters. */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new TypeError(`Invalid schema name ${JSON.stringify(schema)}: use lower-case letters, digits and '_' (not first), at most 63 characters`);
  }
}

/**
 * The schema of a service version in a shared PostgreSQL database, such as
 * `mvi_hello_1_0_0_1b2c3d4e`: readable, and apart from every other name and version (the suffix
 * is a hash of both, as the readable part loses case, dots and dashes).
 */
export function postgresSchemaOf(name: string, version: string): string {
  const readable = `${name}_${version}`.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 49);
  const hash = createHash('sha256').update(`${name}\0${version}`).digest('hex').slice(0, 8);
  return `mvi_${readable}_${hash}`;
}
