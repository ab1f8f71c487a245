import { describe, expect, test } from 'vitest';
import { bodyLines, unmatchedLines } from '../../lib/dashboard/_answer-diff.ts';

describe('bodyLines', () => {
  test('lays JSON out one value a line, and leaves other bodies as they came', () => {
    expect(bodyLines('{"label":"setosa","scores":[1,2]}', false)).toStrictEqual(['{', '  "label": "setosa",', '  "scores": [', '    1,', '    2', '  ]', '}']);
    expect(bodyLines('plain\ntext', false)).toStrictEqual(['plain', 'text']);
    expect(bodyLines('', false)).toStrictEqual(['(empty)']);
  });

  test('says where a body was cut, without trying to read it as JSON', () => {
    expect(bodyLines('{"label":"se', true)).toStrictEqual(['{"label":"se', '… (cut: the rest was not kept)']);
  });
});

describe('unmatchedLines', () => {
  test('marks the lines the other answer lacks, counting repeated lines', () => {
    const main = ['{', '  "label": "versicolor",', '  "n": 1,', '  "n": 1,', '}'];
    const shadow = ['{', '  "label": "uncertain",', '  "n": 1,', '}'];
    expect(unmatchedLines(main, shadow)).toStrictEqual([false, true, false, true, false]);
    expect(unmatchedLines(shadow, main)).toStrictEqual([false, true, false, false]);
  });
});
