import { describe, expect, test } from 'vitest';
import { errorMessages } from '../../lib/dashboard/_error-messages.ts';

describe('errorMessages', () => {
  test('reads a detail, and the entries of a 422 with where they point', () => {
    expect(errorMessages(404, { detail: 'No service iris' })).toStrictEqual(['No service iris']);
    expect(errorMessages(422, { detail: [{ loc: ['body', 'value'], msg: 'Invalid value: Expected <=1 but received 1.5', type: 'max_value' }] })).toStrictEqual(['Invalid value: Expected <=1 but received 1.5']);
    expect(errorMessages(422, { detail: [{ loc: ['body', 'value', 'x'], msg: 'Invalid type', type: 'number' }, { loc: ['query', 'start'], msg: 'Bad time', type: 'x' }] })).toStrictEqual(['x: Invalid type', 'start: Bad time']);
    expect(errorMessages(502, undefined)).toStrictEqual(['The request failed (502)']);
  });
});
