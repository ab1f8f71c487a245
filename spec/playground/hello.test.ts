import { afterEach, describe, expect, it } from 'vitest';
import { createTestRuntime } from 'mvi/testing';
import { hello } from '../../playground/hello.ts';

describe('playground hello', () => {
  const rt = createTestRuntime(hello, { now: Date.UTC(2026, 0, 1) });
  afterEach(async () => {});

  it('greets with the current phrase', async () => {
    expect(await rt.invoke('hello', { name: 'Bob' })).toBe('Hello Bob');
    rt.setParameter('greeting_phrase', 'Hi');
    expect(await rt.invoke('hello', { name: 'Bob' })).toBe('Hi Bob');
    expect(await rt.stored('hello_request')).toEqual([
      { timestamp: '2026-01-01T00:00:00.000Z', value: '{"name":"Bob"}' },
      { timestamp: '2026-01-01T00:00:00.000Z', value: '{"name":"Bob"}' },
    ]);
    expect((await rt.stored('greeting_phrase')).map((p) => p.value)).toEqual(['Hello', 'Hi']);
  });

  it('rejects an empty name with a 422', async () => {
    expect(await rt.request('hello', { name: '' })).toEqual({
      status: 422,
      body: { detail: [{ loc: ['body', 'name'], msg: expect.stringContaining('length'), type: 'min_length' }] },
    });
  });
});
