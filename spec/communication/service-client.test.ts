import * as v from 'valibot';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { clientFor, serviceClient } from '../../lib/communication/service-client.ts';
import type { ServiceCallRequest } from '../../lib/communication/types.ts';
import { defineService } from '../../lib/service/define-service.ts';
import { json, startServer, type TestServer } from './_http-server.ts';

const dice = defineService({ name: 'dice', version: '1.0.0' })
  .entrypoint('roll', v.object({ sides: v.number() }), ({ sides }) => Math.min(4, sides));

describe('clientFor', () => {
  const requests: ServiceCallRequest[] = [];
  const client = clientFor<typeof dice>('dice', async (request) => {
    requests.push(request);
    return 4;
  }, { version: '1.0.0', timeout: 1_000, headers: { 'x-team': 'a' } });
  beforeEach(() => {
    requests.length = 0;
  });

  test('turns a method call into a call of that entrypoint, options over defaults', async () => {
    await expect(client.roll({ sides: 6 }, { timeout: 50, headers: { 'x-call': 'b' } })).resolves.toBe(4);
    expect(requests).toStrictEqual([
      { service: 'dice', entrypoint: 'roll', args: { sides: 6 }, version: '1.0.0', timeout: 50, headers: { 'x-team': 'a', 'x-call': 'b' } },
    ]);
  });

  test('gives the same function for the same entrypoint', () => {
    expect(client.roll).toBe(client.roll);
  });

  test('is not taken for a promise', async () => {
    expect((client as unknown as { then?: unknown }).then).toBeUndefined();
    expect(await Promise.resolve(client)).toBe(client);
    expect(requests).toStrictEqual([]);
  });
});

describe('serviceClient', () => {
  let manager: TestServer;
  beforeAll(async () => {
    manager = await startServer();
  });
  afterAll(() => manager.close());

  test('calls the service through the manager', async () => {
    manager.reply((_, response) => json(response, 200, 4));
    const client = serviceClient<typeof dice.description>('dice', { env: { MVI_MANAGER_URL: manager.url }, version: '1.0.0' });
    await expect(client.roll({ sides: 6 })).resolves.toBe(4);
    expect(manager.seen.map((seen) => [seen.method, seen.url, seen.body])).toStrictEqual([['POST', '/services/dice_1.0.0/roll', '{"sides":6}']]);
  });
});
