import { describe, expect, test } from 'vitest';
import { ROUTE_ROLES, rolesFor } from '../../../lib/manager/auth/route-roles.ts';

describe('ROUTE_ROLES', () => {
  test('lets a service call services and notify, nothing else', () => {
    const forServices = Object.entries(ROUTE_ROLES).filter(([, roles]) => roles.includes('service')).map(([name]) => name);
    expect(forServices.sort()).toStrictEqual(['callService', 'notify']);
  });

  test('lets the manager\'s own token in nowhere', () => {
    expect(Object.values(ROUTE_ROLES).some((roles) => roles.includes('manager'))).toBe(false);
  });

  test('keeps users to admins', () => {
    expect(ROUTE_ROLES.users).toStrictEqual(['admin']);
  });
});

describe('rolesFor', () => {
  test.each([
    ['GET', '/~health', 'open'],
    ['GET', '/~version', 'open'],
    ['POST', '/auth/login', 'open'],
    ['POST', '/auth/login/', 'open'],
    ['GET', '/auth/logout', 'open'],
    ['GET', '/auth/verify', 'open'],
    ['GET', '/services/', ROUTE_ROLES.listServices],
    ['GET', '/services', ROUTE_ROLES.listServices],
    ['POST', '/services/', ROUTE_ROLES.deploy],
    ['POST', '/services', ROUTE_ROLES.deploy],
    ['DELETE', '/services/', ROUTE_ROLES.kill],
    ['PUT', '/services/~assign', ROUTE_ROLES.assign],
    ['PUT', '/services/~assign/', ROUTE_ROLES.assign],
    ['GET', '/services/~logs', ROUTE_ROLES.logs],
    ['GET', '/services/~shadow', ROUTE_ROLES.shadowReport],
    ['GET', '/services/~anything', ROUTE_ROLES.listServices],
    ['PUT', '/services//~assign', ROUTE_ROLES.listServices],
    ['POST', '/services/dice/roll', ROUTE_ROLES.callService],
    ['GET', '/services/dice_1.0.0/~monitor', ROUTE_ROLES.callService],
    ['POST', '/services/dice', ROUTE_ROLES.callService],
    ['POST', '/notifications/', ROUTE_ROLES.notify],
    ['POST', '/notifications', ROUTE_ROLES.notify],
    ['GET', '/notifications/', ROUTE_ROLES.readNotifications],
    ['DELETE', '/notifications/', ROUTE_ROLES.clearNotifications],
    ['POST', '/auth/token', ROUTE_ROLES.tokens],
    ['DELETE', '/auth/token', ROUTE_ROLES.tokens],
    ['GET', '/admin/users', ROUTE_ROLES.users],
    ['DELETE', '/admin/users/alice', ROUTE_ROLES.users],
    // The page checks for ROUTE_ROLES.dashboard itself: without it, it is the login page.
    ['GET', '/', 'open'],
    ['GET', '/~dashboard/assets/index-x.js', 'open'],
    ['GET', '/~dashboardx', ROUTE_ROLES.other],
    ['GET', '/~health/x', ROUTE_ROLES.other],
    ['GET', '/SERVICES/~assign', ROUTE_ROLES.other],
    ['GET', '/admin/usersx', ROUTE_ROLES.other],
    ['GET', '//services/~assign', ROUTE_ROLES.other],
  ])('%s %s', (method, path, expected) => {
    expect(rolesFor(method, path)).toStrictEqual(expected);
  });
});
