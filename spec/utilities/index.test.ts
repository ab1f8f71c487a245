import { expect, test } from 'vitest';
import * as utilities from '../../lib/utilities/index.ts';

test('mvi/utilities exports exactly these names', () => {
  expect(Object.keys(utilities).sort()).toStrictEqual([
    'getAuthorizedDomains',
    'getDataDir',
    'getDatabaseUrl',
    'getDbCleanInterval',
    'getDbTableLimit',
    'getHeaders',
    'getManagerHostname',
    'getManagerUrl',
    'getReplicaId',
    'getServiceAccessToken',
    'getServiceName',
    'getServiceRootPath',
    'getServiceVersion',
    'isAuthorizedUrl',
  ]);
});

test('every getter reads process.env when given no env', () => {
  const saved = process.env.MVI_SERVICE_NAME;
  process.env.MVI_SERVICE_NAME = 'from-process-env';
  try {
    expect(utilities.getServiceName()).toBe('from-process-env');
  } finally {
    if (saved === undefined) delete process.env.MVI_SERVICE_NAME;
    else process.env.MVI_SERVICE_NAME = saved;
  }
});
