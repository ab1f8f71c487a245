import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll } from 'vitest';

/** The PostgreSQL server the tests use (trust auth; `.ci/run` starts it): `MVI_TEST_DATABASE_URL`, else the local one. */
export const TEST_DATABASE_URL = process.env.MVI_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * A maker of fresh schema names, one per store or group of replicas, so that parallel test
 * files and runs never share tables; every schema made (or `named`) is dropped after the file's tests.
 */
export function testSchemas(): (named?: string) => string {
  const made: string[] = [];
  afterAll(async () => {
    const sql = postgres(TEST_DATABASE_URL, { max: 1, onnotice: () => {} });
    try {
      for (const schema of made) await sql`DROP SCHEMA IF EXISTS ${sql(schema)} CASCADE`;
    } finally {
      await sql.end();
    }
  });
  return (named) => {
    const schema = named ?? `mvi_test_${randomUUID().replace(/-/g, '')}`;
    made.push(schema);
    return schema;
  };
}

/** A name no other test run uses, for services whose schema follows their name. */
export const uniqueName = (prefix: string): string => `${prefix}_${randomUUID().slice(0, 8)}`;
