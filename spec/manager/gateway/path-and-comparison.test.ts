import { describe, expect, it } from 'vitest';
import { answersAgree } from '../../../lib/manager/gateway/_answers-agree.ts';
import { stripPrefix } from '../../../lib/manager/gateway/_strip-prefix.ts';

describe('stripPrefix()', () => {
  it('strips on segment boundaries only', () => {
    expect(stripPrefix('/services/foo', '/services/foo')).toBe('/');
    expect(stripPrefix('/services/foo/', '/services/foo')).toBe('/');
    expect(stripPrefix('/services/foo/a/b', '/services/foo')).toBe('/a/b');
    expect(stripPrefix('/services/foo/a', '/services/foo/')).toBe('/a');
    expect(stripPrefix('/services/foobar', '/services/foo')).toBeUndefined();
    expect(stripPrefix('/services/foobar/a', '/services/foo')).toBeUndefined();
    expect(stripPrefix('/services/foo_1.0.0/a', '/services/foo')).toBeUndefined();
    expect(stripPrefix('/other/foo', '/services/foo')).toBeUndefined();
  });
});

describe('answersAgree()', () => {
  const json = (status: number, text: string) => ({ status, contentType: 'application/json; charset=utf-8', body: Buffer.from(text) });
  const text = (status: number, body: string) => ({ status, contentType: 'text/plain', body: Buffer.from(body) });

  it('compares JSON as values: key order and layout aside, array order and types kept', () => {
    expect(answersAgree(json(200, '{"a":1,"b":{"c":[1,2]}}'), json(200, '{ "b": { "c": [1, 2] }, "a": 1 }'))).toBe(true);
    expect(answersAgree(json(200, '[1,2]'), json(200, '[2,1]'))).toBe(false);
    expect(answersAgree(json(200, '{"a":1}'), json(200, '{"a":"1"}'))).toBe(false);
    expect(answersAgree(json(200, '{"a":1}'), json(200, '{"a":1,"b":null}'))).toBe(false);
    expect(answersAgree(json(200, '1'), json(201, '1'))).toBe(false);
  });

  it('compares anything else byte for byte, invalid JSON included', () => {
    expect(answersAgree(text(200, 'a b'), text(200, 'a b'))).toBe(true);
    expect(answersAgree(text(200, '{"a":1}'), text(200, '{ "a": 1 }'))).toBe(false);
    expect(answersAgree(json(200, '{oops'), json(200, '{oops'))).toBe(true);
    expect(answersAgree(json(200, '{"a":1}'), text(200, '{"a":1}'))).toBe(true);
  });
});
