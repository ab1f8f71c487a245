import { expect, test } from 'vitest';
import * as monitor from '../../lib/monitor/index.ts';

test('mvi/monitor exports exactly these names', () => {
  expect(Object.keys(monitor).sort()).toStrictEqual(['createMemoryStore', 'createPgliteStore', 'createPostgresStore', 'postgresSchemaOf']);
});
