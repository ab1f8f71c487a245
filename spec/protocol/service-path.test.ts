import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import { isServiceName, isServiceVersion, ServiceNameSchema, ServiceVersionSchema } from '../../lib/protocol/service-names.ts';
import { parseServicePath, parseServiceSegment, servicePrefix } from '../../lib/protocol/service-path.ts';

describe('names and versions', () => {
  test.each(['model', 'my_model', 'my_model_123', 'a', '0x1'])('%s is a name', (name) => {
    expect(isServiceName(name)).toBe(true);
  });

  test.each(['My Model', 'My.Model', 'My-Model', 'MYMODEL', 'my/service', '', '//////', 'service_', '_service', '_service_', 'a__b', '~logs'])('%j is not a name', (name) => {
    expect(isServiceName(name)).toBe(false);
  });

  test.each(['1.0.0', '0.0.1', '10.20.30', '1.0.0-alpha', '1.0.0-alpha.1', '1.0.0-0.3.7', '1.0.0+20130313144700', '1.0.0-beta+exp.sha.5114f85'])('%s is a version', (version) => {
    expect(isServiceVersion(version)).toBe(true);
  });

  test.each(['1', '1.0', '01.0.0', '1.0.0-', '1.0.0-01', 'v1.0.0', '1.0.0_1', 'latest', ''])('%j is not a version', (version) => {
    expect(isServiceVersion(version)).toBe(false);
  });

  test('the schemas say which rule was broken', () => {
    expect(v.safeParse(ServiceNameSchema, 'My-Model').issues?.[0]?.message).toMatch(/lowercase letters and digits/);
    expect(v.safeParse(ServiceVersionSchema, '1.0').issues?.[0]?.message).toMatch(/semantic version/);
  });
});

describe('servicePrefix', () => {
  test('is /services/{name} or /services/{name}_{version}', () => {
    expect(servicePrefix('dice')).toBe('/services/dice');
    expect(servicePrefix('dice', '1.0.0')).toBe('/services/dice_1.0.0');
  });
});

describe('parseServiceSegment', () => {
  test('reads a name, and a name with a version after its last underscore', () => {
    expect(parseServiceSegment('my_model')).toStrictEqual({ name: 'my_model', version: undefined });
    expect(parseServiceSegment('my_model_1.2.0')).toStrictEqual({ name: 'my_model', version: '1.2.0' });
    expect(parseServiceSegment('my_model_2.0.0-rc.1+b.5')).toStrictEqual({ name: 'my_model', version: '2.0.0-rc.1+b.5' });
  });

  test('a version has dots, so a_1 is a name', () => {
    expect(parseServiceSegment('a_1')).toStrictEqual({ name: 'a_1', version: undefined });
  });

  test('undoes percent-encoding first', () => {
    expect(parseServiceSegment('dice_1.0.0%2Bbuild')).toStrictEqual({ name: 'dice', version: '1.0.0+build' });
  });

  test.each(['', '~logs', '~assign', 'Dice', 'dice_', '_1.0.0', 'dice_1.0', 'dice__1.0.0', 'dice%', '%64ice%2F..'])('%j names no service', (segment) => {
    expect(parseServiceSegment(segment)).toBeUndefined();
  });
});

describe('parseServicePath', () => {
  test('splits the prefix from the rest', () => {
    expect(parseServicePath('/services/dice_1.0.0/roll')).toStrictEqual({ name: 'dice', version: '1.0.0', prefix: '/services/dice_1.0.0', rest: '/roll' });
    expect(parseServicePath('/services/dice/~parameters/sides')).toStrictEqual({ name: 'dice', version: undefined, prefix: '/services/dice', rest: '/~parameters/sides' });
    expect(parseServicePath('/services/dice')).toStrictEqual({ name: 'dice', version: undefined, prefix: '/services/dice', rest: '' });
    expect(parseServicePath('/services/dice/')).toMatchObject({ prefix: '/services/dice', rest: '/' });
  });

  test('matches on segment boundaries only', () => {
    expect(parseServicePath('/services/foobar/x')).toMatchObject({ name: 'foobar' });
    expect(parseServicePath('/services/foo_TYPO/hello')).toBeUndefined();
  });

  test.each(['/services/', '/services', '/services/~assign', '/services//dice', '/notifications/', '/servicesx/dice'])('%j names no service', (path) => {
    expect(parseServicePath(path)).toBeUndefined();
  });
});
