import * as v from 'valibot';
import { afterEach, describe, expect, it } from 'vitest';
import { defineService, httpError, Severity } from 'mvi';
import { createTestRuntime, type TestRuntime } from 'mvi/testing';

const T0 = Date.UTC(2026, 0, 1);
const open: TestRuntime<never>[] = [];
const start = <S extends Parameters<typeof createTestRuntime>[0]>(service: S, options = {}) => {
  const rt = createTestRuntime(service, { now: T0, ...options });
  open.push(rt as never);
  return rt;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((rt) => rt.close()));
});

const calc = defineService({ name: 'calc', version: '2.1.0' })
  .parameter('factor', v.number(), 2, { monitor: true })
  .parameter('secret', v.string(), 's3cret', { expose: false })
  .entrypoint('scale', v.object({ x: v.number() }), ({ x }, ctx) => x * ctx.parameter('factor'), { monitor: true })
  .entrypoint('fail', v.object({}), () => {
    throw new Error('boom');
  })
  .entrypoint('forbidden', v.object({}), () => {
    throw httpError(403, 'Not for you');
  })
  .entrypoint('created', v.object({}), () => ({ id: 1 }), { status: 201 })
  .entrypoint('nothing', v.object({}), () => undefined)
  .entrypoint('shaped', v.object({ n: v.string() }), ({ n }) => ({ n }), { output: v.object({ n: v.pipe(v.string(), v.transform(Number)) }) })
  .entrypoint('badOutput', v.object({}), () => ({ n: 1 }) as never, { output: v.object({ n: v.string() }) })
  .entrypoint('list', v.array(v.number()), (xs) => xs.reduce((a, b) => a + b, 0));

describe('what it is given', () => {
  it('refuses what is not a service, saying what it got, and why a module’s exports may arrive instead', () => {
    const service = defineService({ name: 'hello', version: '1.0.0' });
    // What `import hello from './hello.ts'` gives in a CommonJS package: the module's exports.
    const exports = { default: service } as unknown as typeof service;
    expect(() => createTestRuntime(exports)).toThrow(
      'Expected a service, got an object with "default": that is a module\'s exports, as a default import gives them in a CommonJS package; add "type": "module" to package.json, or pass its .default',
    );
    expect(() => createTestRuntime(undefined as unknown as typeof service)).toThrow('Expected a service, got undefined: pass the result of defineService(...)');
  });
});

describe('invoking entrypoints', () => {
  it('validates input, runs the handler and answers its value', async () => {
    const rt = start(calc);
    expect(await rt.invoke('scale', { x: 21 })).toBe(42);
    expect(await rt.invoke('list', [1, 2, 3])).toBe(6);
    expect(await rt.request('created', {})).toEqual({ status: 201, body: { id: 1 } });
    expect(await rt.request('nothing', {})).toEqual({ status: 200, body: null });
  });

  it('answers 422 with a detail entry per issue, located in the body', async () => {
    const rt = start(calc);
    expect(await rt.request('scale', { x: 'one' })).toEqual({
      status: 422,
      body: { detail: [{ loc: ['body', 'x'], msg: 'Invalid type: Expected number but received "one"', type: 'number' }] },
    });
    expect(await rt.request('scale', null)).toMatchObject({ status: 422, body: { detail: [{ loc: ['body'], type: 'object' }] } });
    expect(await rt.request('list', [1, 'b'])).toMatchObject({ status: 422, body: { detail: [{ loc: ['body', 1] }] } });
    await expect(rt.invoke('scale', { x: 'one' } as never)).rejects.toMatchObject({ status: 422 });
  });

  it('rejects with an error whose message says which field failed and why, as an uncaught one shows in a test', async () => {
    const rt = start(calc);
    const invoked = await rt.invoke('scale', { x: 'one' } as never).catch((error: unknown) => error);
    expect(String(invoked)).toBe('HttpError: HTTP 422: x: Invalid type: Expected number but received "one"');
    const listed = await rt.invoke('list', [1, 'b', null] as never).catch((error: unknown) => error);
    expect(String(listed)).toBe('HttpError: HTTP 422: 1: Invalid type: Expected number but received "b"; 2: Invalid type: Expected number but received null');
    expect(() => rt.setParameter('factor', 'two' as never)).toThrow(/^HTTP 422: value: Invalid type: Expected number but received "two"$/);
  });

  it('answers 404 for an unknown entrypoint', async () => {
    const rt = start(calc);
    const entrypoints = 'the entrypoints are scale, fail, forbidden, created, nothing, shaped, badOutput, list';
    expect(await rt.request('nope', {})).toEqual({ status: 404, body: { detail: `Entrypoint "nope" not found; ${entrypoints}` } });
    const empty = start(defineService({ name: 'empty', version: '1' }));
    expect(await empty.request('nope', {})).toEqual({ status: 404, body: { detail: 'Entrypoint "nope" not found; this service has no entrypoints' } });
  });

  it('turns a throwing handler into a 500 and logs it; an httpError keeps its status', async () => {
    const rt = start(calc);
    expect(await rt.request('fail', {})).toEqual({ status: 500, body: { detail: 'Internal Server Error', error: 'boom' } });
    expect(rt.logs).toContainEqual({ type: 'error', message: expect.stringContaining('Entrypoint "fail" failed') });
    expect(await rt.request('forbidden', {})).toEqual({ status: 403, body: { detail: 'Not for you' } });
  });

  it('validates and transforms results with the output schema', async () => {
    const rt = start(calc);
    expect(await rt.invoke('shaped', { n: '4' })).toEqual({ n: 4 });
    expect(await rt.request('badOutput', {})).toMatchObject({ status: 500, body: { detail: 'Response validation failed' } });
  });

  it('stores request and response of monitored entrypoints after success only', async () => {
    const rt = start(calc);
    await rt.invoke('scale', { x: 1 });
    await rt.request('scale', { x: 'bad' });
    await rt.invoke('scale', { x: 2 }, { rawBody: '{"x": 2}' });
    expect(await rt.stored('scale_request')).toEqual([
      { timestamp: '2026-01-01T00:00:00.000Z', value: '{"x":1}' },
      { timestamp: '2026-01-01T00:00:00.000Z', value: '{"x": 2}' },
    ]);
    expect((await rt.stored('scale_response')).map((p) => p.value)).toEqual(['2', '4']);
  });
});

describe('parameters', () => {
  it('reads, validates and sets them, storing monitored values with the initial one', async () => {
    const rt = start(calc);
    expect(rt.parameters()).toEqual({ factor: 2, secret: 's3cret' });
    await rt.clock.advance(1000);
    rt.setParameter('factor', 3);
    expect(rt.parameter('factor')).toBe(3);
    expect(await rt.invoke('scale', { x: 2 })).toBe(6);
    expect(() => rt.setParameter('factor', 'x' as never)).toThrow(expect.objectContaining({ status: 422 }));
    expect(rt.parameter('factor')).toBe(3);
    expect(await rt.stored('factor')).toEqual([
      { timestamp: '2026-01-01T00:00:00.000Z', value: 2 },
      { timestamp: '2026-01-01T00:00:01.000Z', value: 3 },
    ]);
    expect(await rt.stored('secret')).toEqual([]);
  });

  it('lets handlers set parameters, even unexposed ones', async () => {
    const service = defineService({ name: 's', version: '1' })
      .parameter('count', v.number(), 0, { expose: false })
      .entrypoint('bump', v.object({}), (_, ctx) => {
        ctx.setParameter('count', ctx.parameter('count') + 1);
        return ctx.parameter('count');
      });
    const rt = start(service);
    await rt.invoke('bump', {});
    expect(await rt.invoke('bump', {})).toBe(2);
  });

  it('hands out frozen values, so a handler cannot change a parameter by mutation', async () => {
    const service = defineService({ name: 's', version: '1' })
      .parameter('labels', v.array(v.string()), ['a'])
      .entrypoint('mutate', v.object({}), (_, ctx) => {
        ctx.parameter('labels').push('b');
      });
    const rt = start(service);
    expect((await rt.request('mutate', {})).status).toBe(500);
    expect(rt.parameter('labels')).toEqual(['a']);
  });
});

describe('monitoring', () => {
  const sensor = defineService({ name: 'sensor', version: '1' })
    .entrypoint('record', v.object({ value: v.unknown() }), ({ value }, ctx) => ctx.store({ reading: value }));

  it('keeps numbers as numbers, text as text and anything else as JSON text', async () => {
    const rt = start(sensor);
    for (const value of [1.5, 'high', { a: [1] }, true, null]) await rt.invoke('record', { value });
    expect((await rt.stored('reading')).map((p) => p.value)).toEqual([1.5, 'high', '{"a":[1]}', 'true', 'null']);
  });

  it("stores a call's own values with one timestamp, skipping undefined ones and inherited keys", async () => {
    const many = defineService({ name: 'many', version: '1' }).entrypoint('record', v.object({}), (_, ctx) => {
      ctx.store(Object.assign(Object.create({ inherited: 1 }) as Record<string, unknown>, { a: 1, skipped: undefined, b: 'two' }));
    });
    const rt = start(many);
    await rt.invoke('record', {});
    const points = [...(await rt.stored('a')), ...(await rt.stored('b'))];
    expect(points.map((p) => p.value)).toEqual([1, 'two']);
    expect(new Set(points.map((p) => p.timestamp)).size).toBe(1);
    expect(await rt.stored('skipped')).toEqual([]);
    expect(await rt.stored('inherited')).toEqual([]);
  });

  it('reads by inclusive time range and variables, and answers 412 for an unknown variable', async () => {
    const rt = start(sensor);
    await expect(rt.monitor({ variables: ['reading'] })).rejects.toMatchObject({ status: 412, body: { detail: 'Timeseries with identifier reading does not exist! Nothing is stored yet.' } });
    for (const value of [1, 2, 3]) {
      await rt.invoke('record', { value });
      await rt.clock.advance(1000);
    }
    expect(await rt.monitor({ start: T0 + 1000, end: T0 + 2000, variables: ['reading'] })).toEqual({
      reading: { timestamp: ['2026-01-01T00:00:01.000Z', '2026-01-01T00:00:02.000Z'], value: [2, 3] },
    });
    await expect(rt.monitor({ variables: ['nope'] })).rejects.toMatchObject({
      status: 412,
      body: { detail: 'Timeseries with identifier nope does not exist! Stored variables: reading.' },
    });
  });

  it('validates declared variables', async () => {
    const typed = defineService({ name: 't', version: '1' })
      .monitor({ variables: { score: v.number() } })
      .entrypoint('bad', v.object({}), (_, ctx) => ctx.store({ score: 'x' as never }))
      .entrypoint('undeclared', v.object({}), (_, ctx) => ctx.store({ other: 1 } as never));
    const rt = start(typed);
    expect((await rt.request('bad', {})).status).toBe(500);
    expect((await rt.request('undeclared', {})).status).toBe(500);
    expect(rt.logs.map((l) => l.message).join('\n')).toContain('"other" is not a declared monitoring variable');
    expect(await rt.stored('score')).toEqual([]);
  });

  it('applies retention on its clean interval', async () => {
    const kept = defineService({ name: 'k', version: '1' })
      .monitor({ retention: '2 rows', cleanEvery: '1m' })
      .entrypoint('put', v.object({ n: v.number() }), ({ n }, ctx) => ctx.store({ n }));
    const rt = start(kept);
    for (const n of [1, 2, 3, 4]) await rt.invoke('put', { n });
    await rt.clock.advance('59s');
    expect(await rt.stored('n')).toHaveLength(4);
    await rt.clock.advance('1s');
    expect((await rt.stored('n')).map((p) => p.value)).toEqual([3, 4]);
  });
});

describe('calls and notifications', () => {
  const caller = defineService({ name: 'caller', version: '1' })
    .entrypoint('relay', v.object({ n: v.number() }), ({ n }, ctx) => ctx.call('dice', 'roll', { sides: n }, { version: '2.0.0' }))
    .entrypoint('alert', v.object({ msg: v.string() }), async ({ msg }, ctx) => {
      await ctx.notify(msg, Severity.CRITICAL, { emails: ['ops@example.com'], timer: -5 });
      return 'sent';
    })
    .entrypoint('fireAndForget', v.object({}), (_, ctx) => {
      void ctx.notify('fyi');
      return 'ok';
    });

  it('records calls and answers them from stubs', async () => {
    const rt = start(caller);
    rt.stub('dice', 'roll', ({ sides }: { sides: number }) => sides - 1);
    expect(await rt.invoke('relay', { n: 6 })).toBe(5);
    expect(rt.calls).toEqual([expect.objectContaining({ service: 'dice', entrypoint: 'roll', args: { sides: 6 }, version: '2.0.0' })]);
  });

  it('fails an unstubbed call as an unreachable service would: a 502 saying which stub is missing', async () => {
    const rt = start(caller);
    expect(await rt.request('relay', { n: 6 })).toEqual({
      status: 502,
      body: {
        detail: 'A call to another service failed',
        error: "POST http://test-runtime/services/dice/roll failed: no stub for dice/roll; use runtime.stub('dice', 'roll', answer)",
        upstream: { status: undefined, data: undefined },
      },
    });
  });

  it('captures the 8-field notification payload', async () => {
    const rt = start(caller);
    await rt.invoke('alert', { msg: 'disk full' });
    expect(rt.notifications).toEqual([
      {
        service_name: 'caller', service_version: '1', msg: 'disk full', severity: 2, dashboard: true,
        emails: ['ops@example.com'], timer: 0, timestamp: '2026-01-01T00:00:00.000Z',
      },
    ]);
  });

  it('reports an undeliverable notification to a handler that awaits it, and never crashes one that does not', async () => {
    const rt = start(caller);
    rt.failNotifications();
    expect((await rt.request('alert', { msg: 'x' })).status).toBe(500);
    expect(await rt.invoke('fireAndForget', {})).toBe('ok');
    await rt.clock.advance(0);
    expect(rt.logs).toContainEqual({ type: 'warn', message: expect.stringContaining('Notification "fyi" was not delivered') });
  });
});

describe('context', () => {
  it('tells the handler who the service is and aborts its signal on close', async () => {
    let seen: AbortSignal | undefined;
    const service = defineService({ name: 'who', version: '3' }).entrypoint('me', v.object({}), (_, ctx) => {
      seen = ctx.signal;
      return ctx.service;
    });
    const rt = start(service, { identity: { rootPath: '/services/who_3' } });
    expect(await rt.invoke('me', {})).toEqual({ name: 'who', version: '3', rootPath: '/services/who_3' });
    expect(seen?.aborted).toBe(false);
    await rt.close();
    expect(seen?.aborted).toBe(true);
  });
});

describe('handler mistakes are 500s, not client errors', () => {
  it('answers 500 when a handler sets a parameter to an invalid value', async () => {
    const service = defineService({ name: 's', version: '1' })
      .parameter('n', v.number(), 1)
      .entrypoint('bad', v.object({}), (_, ctx) => ctx.setParameter('n', 'x' as never));
    const rt = start(service);
    expect((await rt.request('bad', {})).status).toBe(500);
    expect(rt.parameter('n')).toBe(1);
  });
});
