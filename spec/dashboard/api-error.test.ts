import { describe, expect, test } from 'vitest';
import { apiErrorOf } from '../../lib/dashboard/_api-error.ts';

// A failed answer whose body breaks off after `sent`, as when the manager dies mid-answer.
const brokenAnswer = (status: number, sent: string) =>
  new Response(new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(sent));
      controller.error(new Error('connection reset'));
    },
  }), { status });

describe('apiErrorOf', () => {
  test('says what a failed answer body says', async () => {
    const error = await apiErrorOf(Response.json({ detail: 'No service iris' }, { status: 404 }));
    expect(error).toMatchObject({ status: 404, messages: ['No service iris'], message: 'No service iris' });
  });

  test('a body that breaks off still gives the status', async () => {
    expect(await apiErrorOf(brokenAnswer(503, '{"detail": "Service ir'))).toMatchObject({ status: 503, messages: ['The request failed (503)'] });
  });
});
