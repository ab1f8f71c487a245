import { describe, expect, test } from 'vitest';
import { allLines, appendChunk, EMPTY_LOG, filterLines, lineLevel } from '../../lib/dashboard/_log-lines.ts';

describe('appendChunk', () => {
  test('keeps whole lines, and the start of a line until its end arrives', () => {
    let log = appendChunk(EMPTY_LOG, 'first\nsec');
    expect([log.lines, log.partial]).toStrictEqual([['first'], 'sec']);
    log = appendChunk(log, 'ond\r\nthird\n');
    expect([log.lines, log.partial, allLines(log)]).toStrictEqual([['first', 'second', 'third'], '', ['first', 'second', 'third']]);
    expect(allLines(appendChunk(log, 'four'))).toStrictEqual(['first', 'second', 'third', 'four']);
  });

  test('drops colour codes, also when a chunk splits a line', () => {
    const log = appendChunk(appendChunk(EMPTY_LOG, '\u001b[36mℹ\u001b[39m listening'), ' on :80\n\u001b[1;31mERROR\u001b[0m boom\n');
    expect(log.lines).toStrictEqual(['ℹ listening on :80', 'ERROR boom']);
  });

  test('keeps the newest lines within the limit, counting the ones dropped', () => {
    const log = appendChunk(appendChunk(EMPTY_LOG, 'a\nb\nc\n', 2), 'd\n', 2);
    expect([log.lines, log.dropped]).toStrictEqual([['c', 'd'], 2]);
  });
});

describe('filterLines', () => {
  const lines = ['GET /~health 200', 'POST /predict 200', 'Parameter threshold changed'];
  test('numbers the lines from the first one kept, and finds text whatever its case', () => {
    expect(filterLines(lines, '', 11).map((line) => line.number)).toStrictEqual([11, 12, 13]);
    expect(filterLines(lines, '  PREDICT ', 11)).toStrictEqual([{ number: 12, text: 'POST /predict 200' }]);
    expect(filterLines(lines, 'nothing')).toStrictEqual([]);
  });
});

describe('lineLevel', () => {
  test.each([
    ['[error] [iris] Unhandled error: boom', 'error'],
    ['✖ could not start', 'error'],
    ['Uncaught TypeError', 'error'],
    ['[warn] store is slow', 'warn'],
    ['⚠ Warning: deprecated', 'warn'],
    ['[info] [iris] POST /predict 200', undefined],
    ['errors: 0 of 12', undefined],
  ])('%j is %j', (line, level) => expect(lineLevel(line)).toBe(level));
});
