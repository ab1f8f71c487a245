import { describe, expect, test } from 'vitest';
import { ApiError } from '../../lib/dashboard/_api-error.ts';
import { serviceRouteError } from '../../lib/dashboard/_service-route-error.ts';

describe('serviceRouteError', () => {
  test('explains a 404 of an mvi service\'s own route: the version is no mvi service', () => {
    const error = serviceRouteError(new ApiError(404, ['The request failed (404)']), '/~monitor', 'monitoring');
    expect(error).toMatchObject({
      status: 404,
      message: 'This version answers /~monitor with 404: it is not an mvi service (a version deployed with a command, say), and only mvi services have monitoring.',
    });
  });

  test('leaves every other failure as it is', () => {
    const down = new ApiError(503, ['Service flaky version 1.0.0 is not running']);
    const offline = new TypeError('Failed to fetch');
    expect([serviceRouteError(down, '/~monitor', 'monitoring'), serviceRouteError(offline, '/~monitor', 'monitoring')]).toStrictEqual([down, offline]);
  });
});
