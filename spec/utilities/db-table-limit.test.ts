import { afterEach, beforeEach, expect, test } from 'vitest';
import { getDbTableLimit } from '../../lib/utilities/db-table-limit.ts';
import { captureLogs, type CapturedLogs } from './_capture-logs.ts';

let captured: CapturedLogs;
beforeEach(() => {
  captured = captureLogs();
});
afterEach(() => captured.restore());

test('defaults to 90 days without a word', () => {
  expect(getDbTableLimit({})).toStrictEqual({ limit: 90, unit: 'days' });
  expect(captured.logs).toStrictEqual([]);
});

test('reads MVI_SERVICE_DB_TABLE_LIMIT, then DAEPLOY_SERVICE_DB_TABLE_LIMIT', () => {
  expect(getDbTableLimit({ MVI_SERVICE_DB_TABLE_LIMIT: '10000rows', DAEPLOY_SERVICE_DB_TABLE_LIMIT: '1days' })).toStrictEqual({ limit: 10000, unit: 'rows' });
  expect(getDbTableLimit({ DAEPLOY_SERVICE_DB_TABLE_LIMIT: '12 hours' })).toStrictEqual({ limit: 12, unit: 'hours' });
  expect(getDbTableLimit({ MVI_SERVICE_DB_TABLE_LIMIT: '1minute' })).toStrictEqual({ limit: 1, unit: 'minutes' });
});

test.each(['90', 'forever', '10 weeks', '0days', '-5rows'])('falls back to 90 days with a logged error for %j', (value) => {
  expect(getDbTableLimit({ MVI_SERVICE_DB_TABLE_LIMIT: value })).toStrictEqual({ limit: 90, unit: 'days' });
  expect(captured.logs.map((entry) => [entry.type, entry.tag])).toStrictEqual([['error', 'mvi']]);
  expect(captured.texts()[0]).toContain(`Invalid MVI_SERVICE_DB_TABLE_LIMIT ${JSON.stringify(value)}`);
});

test('names the variable it read in the error', () => {
  getDbTableLimit({ DAEPLOY_SERVICE_DB_TABLE_LIMIT: 'lots' });
  expect(captured.texts()[0]).toContain('Invalid DAEPLOY_SERVICE_DB_TABLE_LIMIT "lots"');
});
