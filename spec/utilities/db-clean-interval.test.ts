import { afterEach, beforeEach, expect, test } from 'vitest';
import { getDbCleanInterval } from '../../lib/utilities/db-clean-interval.ts';
import { captureLogs, type CapturedLogs } from './_capture-logs.ts';

const DAY = 86_400_000;
let captured: CapturedLogs;
beforeEach(() => {
  captured = captureLogs();
});
afterEach(() => captured.restore());

test('defaults to one day', () => {
  expect(getDbCleanInterval({})).toBe(DAY);
  expect(captured.logs).toStrictEqual([]);
});

test('reads durations and bare seconds from MVI_, then DAEPLOY_SERVICE_DB_CLEAN_INTERVAL', () => {
  expect(getDbCleanInterval({ MVI_SERVICE_DB_CLEAN_INTERVAL: '1days' })).toBe(DAY);
  expect(getDbCleanInterval({ MVI_SERVICE_DB_CLEAN_INTERVAL: '30m', DAEPLOY_SERVICE_DB_CLEAN_INTERVAL: '2days' })).toBe(1_800_000);
  expect(getDbCleanInterval({ DAEPLOY_SERVICE_DB_CLEAN_INTERVAL: '6 hours' })).toBe(21_600_000);
  expect(getDbCleanInterval({ MVI_SERVICE_DB_CLEAN_INTERVAL: '3600' })).toBe(3_600_000);
});

test.each(['soon', '0', '0s', '5 weeks'])('falls back to one day with a logged error for %j', (value) => {
  expect(getDbCleanInterval({ MVI_SERVICE_DB_CLEAN_INTERVAL: value })).toBe(DAY);
  expect(captured.logs.map((entry) => [entry.type, entry.tag])).toStrictEqual([['error', 'mvi']]);
  expect(captured.texts()[0]).toContain(`Invalid MVI_SERVICE_DB_CLEAN_INTERVAL ${JSON.stringify(value)}`);
});
