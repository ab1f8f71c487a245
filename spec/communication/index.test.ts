import { expect, test } from 'vitest';
import * as communication from '../../lib/communication/index.ts';

test('mvi/communication exports exactly these names', () => {
  expect(Object.keys(communication).sort()).toStrictEqual([
    'Severity',
    'callService',
    'clientFor',
    'createServiceCaller',
    'isServiceCallError',
    'notify',
    'postNotification',
    'serviceClient',
  ]);
});

test('Severity keeps the wire values', () => {
  expect(communication.Severity).toStrictEqual({ INFO: 0, WARNING: 1, CRITICAL: 2 });
});
