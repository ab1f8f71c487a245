import { afterEach, describe, expect, it } from 'vitest';
import { createTestRuntime } from 'mvi/testing';
import service from '../service.ts';

// The test runtime runs the service in this process, without a port, with an in-memory store.
describe('the service', () => {
  let rt = createTestRuntime(service);
  afterEach(async () => {
    await rt.close();
    rt = createTestRuntime(service);
  });

  it('greets by name', async () => {
    expect(await rt.invoke('hello', { name: 'Ada' })).toBe('Hello Ada');
  });

  it('answers 422 to a name that is not text', async () => {
    expect(await rt.request('hello', { name: 42 })).toMatchObject({ status: 422 });
  });

  it('uses the greeting set while it runs, and monitors it', async () => {
    rt.setParameter('greeting', 'Hi');
    expect(await rt.invoke('hello', { name: 'Bob' })).toBe('Hi Bob');
    expect((await rt.stored('greeting')).map((point) => point.value)).toEqual(['Hello', 'Hi']);
  });
});
