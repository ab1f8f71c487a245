import * as v from 'valibot';
import { expectTypeOf, test } from 'vitest';
import { clientFor, serviceClient } from '../../lib/communication/service-client.ts';
import type { ServiceCaller } from '../../lib/communication/types.ts';
import { defineService } from '../../lib/service/define-service.ts';

const dice = defineService({ name: 'dice', version: '1.0.0' })
  .entrypoint('roll', v.object({ sides: v.number() }), ({ sides }) => sides)
  .entrypoint('history', v.object({ limit: v.optional(v.number()) }), async () => [{ at: 'now', value: 4 }])
  .entrypoint('label', v.object({ n: v.pipe(v.string(), v.transform(Number)) }), ({ n }) => `#${n}`, { output: v.string() });

declare const caller: ServiceCaller;

test('methods take the input type of each entrypoint and resolve to its result', () => {
  const client = clientFor<typeof dice>('dice', caller);
  expectTypeOf(client.roll).parameter(0).toEqualTypeOf<{ sides: number }>();
  expectTypeOf(client.roll({ sides: 6 })).resolves.toEqualTypeOf<number>();
  expectTypeOf(client.history()).resolves.toEqualTypeOf<{ at: string; value: number }[]>();
  expectTypeOf(client.label({ n: '3' }, { version: '1.0.0', timeout: 5 })).resolves.toEqualTypeOf<string>();
});

test('a description types the client as the builder does', () => {
  const client = serviceClient<typeof dice.description>('dice');
  expectTypeOf(client.roll({ sides: 6 })).resolves.toEqualTypeOf<number>();
});

test('unknown entrypoints and wrong inputs do not compile', () => {
  const client = serviceClient<typeof dice>('dice');
  // @ts-expect-error no such entrypoint
  void client.jump({});
  // @ts-expect-error sides must be a number
  void client.roll({ sides: 'six' });
  // @ts-expect-error the input is required
  void client.roll();
  // @ts-expect-error the schema's input, not its output, is what is sent
  void client.label({ n: 3 });
  // @ts-expect-error unknown call option
  void client.roll({ sides: 6 }, { retries: 3 });
});

test('only services can type a client', () => {
  // @ts-expect-error a string is not a service
  serviceClient<string>('dice');
});

test('an entrypoint that is not POST needs its method in the options', () => {
  const search = defineService({ name: 'search', version: '1' })
    .entrypoint('find', v.object({ q: v.string() }), ({ q }) => [q], { method: 'get' })
    .entrypoint('drop', v.object({}), () => true, { method: 'DELETE' });
  const client = serviceClient<typeof search>('search');
  expectTypeOf(client.find({ q: 'x' }, { method: 'GET' })).resolves.toEqualTypeOf<string[]>();
  expectTypeOf(client.drop({}, { method: 'DELETE', timeout: 100 })).resolves.toEqualTypeOf<boolean>();
  // @ts-expect-error GET must be said, or the call would POST
  void client.find({ q: 'x' });
  // @ts-expect-error the wrong method
  void client.find({ q: 'x' }, { method: 'POST' });
  const dice2 = serviceClient<typeof dice>('dice');
  // @ts-expect-error a POST entrypoint cannot be called with another method
  void dice2.roll({ sides: 6 }, { method: 'GET' });
  void dice2.roll({ sides: 6 }, { method: 'POST' });
});
