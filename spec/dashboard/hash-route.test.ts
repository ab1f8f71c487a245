import { describe, expect, test } from 'vitest';
import { logsHref, notificationsHref, NOTIFICATIONS_ID, parseRoute, routeHref, serviceHref, type Route } from '../../lib/dashboard/_hash-route.ts';
import { DEFAULT_RANGE } from '../../lib/dashboard/_time-range.ts';

describe('routes in the hash', () => {
  test.each<[string, Route]>([
    ['#/', { page: 'overview' }],
    ['#/service/iris/1.0.0', { page: 'service', name: 'iris', version: '1.0.0', range: DEFAULT_RANGE }],
    ['#/service/iris/1.0.0?range=7d', { page: 'service', name: 'iris', version: '1.0.0', range: { kind: 'last', preset: '7d' } }],
    ['#/service/iris/2.0.0-rc.1%2Bbuild.5', { page: 'service', name: 'iris', version: '2.0.0-rc.1+build.5', range: DEFAULT_RANGE }],
    ['#/logs/dice/1.0.0', { page: 'logs', name: 'dice', version: '1.0.0' }],
  ])('%s round-trips', (hash, route) => {
    expect(parseRoute(hash)).toStrictEqual(route);
    expect(routeHref(route)).toBe(hash);
  });

  test.each(['', '#', '#/nowhere/a/1', '#/service/iris', '#/service/iris/1.0.0/extra', '#/logs/%E0%A4%A/1.0.0'])('reads %j as the overview', (hash) => {
    expect(parseRoute(hash)).toStrictEqual({ page: 'overview' });
  });

  test('links a version\'s pages', () => {
    expect(serviceHref('iris', '1.0.0', { kind: 'last', preset: '24h' })).toBe('#/service/iris/1.0.0?range=24h');
    expect(logsHref('iris', '1.0.0')).toBe('#/logs/iris/1.0.0');
  });

  test('links the overview\'s notifications by the id of their panel', () => {
    expect([notificationsHref, parseRoute(notificationsHref)]).toStrictEqual([`#${NOTIFICATIONS_ID}`, { page: 'overview' }]);
  });
});
