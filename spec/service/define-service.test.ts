import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { defineService } from '../../lib/service/define-service.ts';

const base = () => defineService({ name: 'svc', version: '1.0.0' });
const noop = () => null;

describe('defineService', () => {
  it('builds a plain, deeply frozen description', () => {
    const input = v.object({ x: v.number() });
    const handler = ({ x }: { x: number }) => x * 2;
    const job = function tick() {};
    const service = base()
      .parameter('threshold', v.number(), 0.5, { monitor: true })
      .parameter('mode', v.string(), 'fast', { expose: false, persist: false, httpLogs: false })
      .entrypoint('double', input, handler, { monitor: true, method: 'put', status: 201, summary: 'Doubles' })
      .every('5m', job, { waitFirst: true })
      .monitor({ retention: '10000 rows', cleanEvery: '1h' });

    expect(service.description).toStrictEqual({
      kind: 'service',
      name: 'svc',
      version: '1.0.0',
      description: undefined,
      entrypoints: {
        double: {
          kind: 'entrypoint', name: 'double', method: 'PUT', input, output: undefined, status: 201, monitor: true,
          httpLogs: true, summary: 'Doubles', description: undefined, handler,
        },
      },
      parameters: {
        threshold: { kind: 'parameter', name: 'threshold', schema: expect.anything(), initial: 0.5, expose: true, monitor: true, httpLogs: true, persist: true },
        mode: { kind: 'parameter', name: 'mode', schema: expect.anything(), initial: 'fast', expose: false, monitor: false, httpLogs: false, persist: false },
      },
      jobs: { tick: { kind: 'job', name: 'tick', schedule: { kind: 'interval', ms: 300_000 }, waitFirst: true, run: job } },
      monitor: { retention: { limit: 10000, unit: 'rows' }, cleanEvery: 3_600_000, variables: undefined },
    });
    const d = service.description;
    for (const part of [d, d.entrypoints, d.entrypoints.double, d.parameters.threshold, d.jobs.tick, d.jobs.tick!.schedule, d.monitor, d.monitor.retention]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
    expect(Object.isFrozen(service)).toBe(true);
  });

  it('returns a new builder at each step and leaves the old one unchanged', () => {
    const a = base();
    const b = a.parameter('p', v.string(), 'x');
    const c = b.entrypoint('e', v.object({}), noop);
    expect(a.description.parameters).toEqual({});
    expect(Object.keys(b.description.parameters)).toEqual(['p']);
    expect(b.description.entrypoints).toEqual({});
    expect(Object.keys(c.description.entrypoints)).toEqual(['e']);
    expect(c).not.toBe(b);
  });

  it('copies and freezes an initial object value, after its schema ran', () => {
    const initial = { labels: ['a'] };
    const service = base().parameter('cfg', v.object({ labels: v.array(v.string()), n: v.optional(v.number(), 3) }), initial);
    initial.labels.push('b');
    expect(service.description.parameters.cfg!.initial).toEqual({ labels: ['a'], n: 3 });
    expect(Object.isFrozen((service.description.parameters.cfg!.initial as { labels: string[] }).labels)).toBe(true);
  });

  it.each([
    ['a cron pattern', '*/5 * * * *', { kind: 'cron', pattern: '*/5 * * * *' }],
    ['a six-field cron pattern', '*/10 * * * * *', { kind: 'cron', pattern: '*/10 * * * * *' }],
    ['seconds', 0.5, { kind: 'interval', ms: 500 }],
    ['a duration', '1h', { kind: 'interval', ms: 3_600_000 }],
    ['a spelled-out duration', '2 days', { kind: 'interval', ms: 172_800_000 }],
  ])('accepts %s as an interval', (_, interval, schedule) => {
    expect(base().every(interval, noop, { name: 'j' }).description.jobs.j!.schedule).toEqual(schedule);
  });

  it('names unnamed jobs in order', () => {
    const service = base().every(1, () => {}).every(2, () => {});
    expect(Object.keys(service.description.jobs)).toEqual(['job-1', 'job-2']);
  });

  it('declares monitored variables', () => {
    const temp = v.number();
    expect(base().monitor({ variables: { temp } }).description.monitor.variables).toEqual({ temp });
  });

  it('lets services and parameters take the names of built-in routes, which only an entrypoint\'s /{name} would shadow', () => {
    const docs = defineService({ name: 'docs', version: '1.0.0' }).parameter('docs', v.number(), 1).parameter('openapi.json', v.string(), 'x');
    expect(docs.description.name).toBe('docs');
    expect(Object.keys(docs.description.parameters)).toStrictEqual(['docs', 'openapi.json']);
    expect(() => docs.entrypoint('openapi.json', v.object({}), noop)).toThrow('Entrypoint name "openapi.json" is taken by the built-in route /openapi.json');
  });

  describe('definition errors name the culprit', () => {
    const cases: [string, () => unknown, RegExp][] = [
      ['a duplicate entrypoint', () => base().entrypoint('e', v.object({}), noop).entrypoint('e', v.object({}), noop), /Duplicate entrypoint name "e"/],
      ['a duplicate parameter', () => base().parameter('p', v.number(), 1).parameter('p', v.number(), 2), /Duplicate parameter name "p"/],
      ['a duplicate job', () => base().every(1, noop, { name: 'j' }).every(2, noop, { name: 'j' }), /Duplicate job name "j"/],
      ['an entrypoint name that is not a URL segment', () => base().entrypoint('a/b', v.object({}), noop), /Entrypoint name "a\/b" is not a valid URL segment/],
      ['a name with a space', () => base().parameter('my param', v.number(), 1), /Parameter name "my param"/],
      ['an entrypoint name of a built-in route', () => base().entrypoint('docs', v.object({}), noop), /Entrypoint name "docs" is taken by the built-in route \/docs/],
      ['a name starting with ~', () => base().entrypoint('~monitor', v.object({}), noop), /Entrypoint name "~monitor" starts with '~', which marks built-in routes/],
      ['the name of the metrics route', () => base().entrypoint('~metrics', v.object({}), noop), /Entrypoint name "~metrics" starts with '~'/],
      ['an unknown method', () => base().entrypoint('e', v.object({}), noop, { method: 'FETCH' as 'GET' }), /Entrypoint "e": unknown HTTP method "FETCH"/],
      ['a handler that is not a function', () => base().entrypoint('e', v.object({}), 'nope' as unknown as () => null), /Entrypoint "e": the handler must be a function/],
      ['an input that is not a schema', () => base().entrypoint('e', { x: 1 } as never, noop), /Entrypoint "e": the input schema must be/],
      ['a bad success status', () => base().entrypoint('e', v.object({}), noop, { status: 404 }), /Entrypoint "e": success status/],
      ['an initial value failing its schema', () => base().parameter('t', v.pipe(v.number(), v.maxValue(1)), 3), /Parameter "t": the initial value 3 fails its schema/],
      ['an invalid interval', () => base().every(-1, noop, { name: 'j' }), /Job "j": invalid interval -1/],
      ['an invalid duration', () => base().every('5 fortnights', noop, { name: 'j' }), /Job "j": invalid/],
      ['an invalid cron pattern', () => base().every('99 * * * *', noop, { name: 'j' }), /Job "j": invalid cron pattern "99 \* \* \* \*"/],
      ['a job that is not a function', () => base().every(1, 42 as never, { name: 'j' }), /Job "j" must be a function/],
      ['an invalid retention', () => base().monitor({ retention: '10 parsecs' }), /Invalid retention "10 parsecs"/],
      ['an invalid service name', () => defineService({ name: 'my service', version: '1' }), /Service name "my service"/],
      ['a service name starting with ~, as the manager\'s own routes do', () => defineService({ name: '~shadow', version: '1' }), /Service name "~shadow" starts with '~', which marks built-in routes/],
      ['a parameter name starting with ~', () => base().parameter('~p', v.number(), 1), /Parameter name "~p" starts with '~'/],
      ['an invalid version', () => defineService({ name: 's', version: '' }), /Service version "" is not valid/],
    ];
    it.each(cases)('%s', (_, define, message) => {
      expect(define).toThrow(message);
    });
  });
});
