import { expect, test } from 'vitest';
import { hostname } from 'node:os';
import { getDatabaseUrl, getDataDir, getReplicaId } from '../../lib/utilities/storage-location.ts';

test('keeps data in MVI_DATA_DIR, default .mvi', () => {
  expect(getDataDir({})).toBe('.mvi');
  expect(getDataDir({ MVI_DATA_DIR: '/var/lib/dice' })).toBe('/var/lib/dice');
});

test('uses a PostgreSQL server only when MVI_DATABASE_URL is set', () => {
  expect(getDatabaseUrl({})).toBeUndefined();
  expect(getDatabaseUrl({ MVI_DATABASE_URL: 'postgres://mvi@db/mvi' })).toBe('postgres://mvi@db/mvi');
});

test('names this replica by MVI_REPLICA_ID, default <hostname>-<pid>', () => {
  expect(getReplicaId({ MVI_REPLICA_ID: 'web-7f9c-2' })).toBe('web-7f9c-2');
  expect(getReplicaId({})).toBe(`${hostname()}-${process.pid}`);
});
