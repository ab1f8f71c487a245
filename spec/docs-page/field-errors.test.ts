import { describe, expect, it } from 'vitest';
import { fieldErrorsOf } from '../../lib/docs-page/src/field-errors.ts';

describe('fieldErrorsOf', () => {
  it('reads where and what of every entry of a 422 answer', () => {
    expect(fieldErrorsOf({ detail: [
      { loc: ['body', 'sides'], msg: 'Invalid value', type: 'min_value' },
      { loc: ['body', 'items', 0, 'name'], msg: 'Field required', type: 'missing' },
      { loc: ['query', 'start'], msg: 'Invalid datetime', type: 'datetime_parsing' },
      { loc: ['body'], msg: 'Invalid JSON', type: 'json_invalid' },
    ] })).toStrictEqual([
      { location: 'body', field: 'sides', message: 'Invalid value' },
      { location: 'body', field: 'items[0].name', message: 'Field required' },
      { location: 'query', field: 'start', message: 'Invalid datetime' },
      { location: 'body', field: '', message: 'Invalid JSON' },
    ]);
  });

  it('is undefined for any other body', () => {
    for (const body of [null, 'x', { detail: 'Not found' }, { detail: [{ loc: 'body', msg: 'x' }] }, { detail: [{ loc: [{}], msg: 'x' }] }, { detail: [{ loc: [], msg: 3 }] }]) {
      expect(fieldErrorsOf(body), JSON.stringify(body)).toBeUndefined();
    }
  });
});
