import * as v from 'valibot';
import { expectTypeOf } from 'vitest';
import { defineService } from 'mvi';
import { createTestRuntime } from 'mvi/testing';

const service = defineService({ name: 'typed', version: '1.0.0' })
  .parameter('threshold', v.number(), 0.5)
  .parameter('labels', v.array(v.string()), ['a'])
  .monitor({ variables: { score: v.number(), label: v.string() } })
  .entrypoint('classify', v.object({ x: v.number(), tag: v.optional(v.string()) }), (input, ctx) => {
    expectTypeOf(input).toEqualTypeOf<{ x: number; tag?: string | undefined }>();
    expectTypeOf(ctx.parameter('threshold')).toEqualTypeOf<number>();
    expectTypeOf(ctx.parameter('labels')).toEqualTypeOf<string[]>();
    // @ts-expect-error unknown parameter
    ctx.parameter('nope');
    ctx.setParameter('threshold', 0.7);
    // @ts-expect-error wrong parameter type
    ctx.setParameter('threshold', 'high');
    ctx.store({ score: input.x });
    // @ts-expect-error undeclared variable
    ctx.store({ other: 1 });
    // @ts-expect-error wrong variable type
    ctx.store({ label: 3 });
    return { label: input.x > ctx.parameter('threshold') ? 'yes' : 'no' } as const;
  })
  .entrypoint('count', v.object({}), async () => 3, { method: 'GET' })
  .entrypoint('shaped', v.object({}), () => ({ n: '4' }), { output: v.object({ n: v.pipe(v.string(), v.transform(Number)) }) })
  .every('5m', (ctx) => {
    expectTypeOf(ctx.parameter('threshold')).toEqualTypeOf<number>();
    expectTypeOf(ctx.store).parameter(0).toEqualTypeOf<{ readonly score?: number; readonly label?: string }>();
  });

// @ts-expect-error the initial value must fit the schema's input type
defineService({ name: 's', version: '1' }).parameter('n', v.number(), 'one');

// @ts-expect-error a handler with an output schema must return what the schema accepts
defineService({ name: 's', version: '1' }).entrypoint('e', v.object({}), () => 5, { output: v.string() });

const rt = createTestRuntime(service);
expectTypeOf(rt.invoke('classify', { x: 1 })).resolves.toEqualTypeOf<{ readonly label: 'yes' | 'no' }>();
expectTypeOf(rt.invoke('count', {})).resolves.toEqualTypeOf<number>();
expectTypeOf(rt.invoke('shaped', {})).resolves.toEqualTypeOf<{ n: number }>();
// @ts-expect-error unknown entrypoint
void rt.invoke('nope', {});
// @ts-expect-error input must match the schema
void rt.invoke('classify', { x: 'one' });
expectTypeOf(rt.parameter('labels')).toEqualTypeOf<string[]>();
// @ts-expect-error unknown parameter
rt.parameter('nope');
rt.setParameter('threshold', 1);
// @ts-expect-error wrong parameter type
rt.setParameter('threshold', '1');

// Without declared variables, any name may be stored.
defineService({ name: 'free', version: '1' }).entrypoint('e', v.object({}), (_, ctx) => ctx.store({ anything: { a: 1 } }));
