import { describe, expect, test } from 'vitest';
import { pollStatus } from '../../lib/dashboard/_poll-status.ts';

const NOW = Date.parse('2026-03-01T12:00:00Z');

describe('pollStatus', () => {
  test.each([
    ['nothing read yet', { at: undefined, error: undefined }, 5000, 'Loading…'],
    ['read, followed', { at: NOW - 12_000, error: undefined }, 5000, 'Updated 12 s ago · every 5 s'],
    ['read, a fixed range', { at: NOW - 12_000, error: undefined }, 0, 'Updated 12 s ago'],
    ['never read: the failure, and that it is tried again', { at: undefined, error: 'Service flaky version 1.0.0 is not running' }, 30_000, 'Read failed · trying again every 30 s'],
    ['never read, a fixed range: tried again all the same', { at: undefined, error: 'The request failed (404)' }, 0, 'Read failed · trying again every 5 s'],
    ['read before a failure: how old what shows is', { at: NOW - 180_000, error: 'Service iris version 1.0.0 is not running' }, 5000, 'Updated 3 min ago · the latest read failed'],
  ])('%s', (_, polled, interval, text) => expect(pollStatus(polled, interval, NOW)).toBe(text));
});
