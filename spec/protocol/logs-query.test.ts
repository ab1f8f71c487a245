import { getQuery, H3 } from 'h3';
import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { LogsQuerySchema } from '../../lib/manager/routes/logs-route.ts';
import { logsPath, type LogsQuery } from '../../lib/protocol/logs-query.ts';
import { MANAGER_ROUTES } from '../../lib/protocol/routes.ts';

// The query as the logs route reads it: h3's parser, then the schema.
const app = new H3().get(MANAGER_ROUTES.logs, (event) => v.safeParse(LogsQuerySchema, getQuery(event)));

async function readBack(path: string): Promise<unknown> {
  const result = (await (await app.request(path)).json()) as v.SafeParseResult<typeof LogsQuerySchema>;
  return result.success ? result.output : { refused: result.issues.map((issue) => v.getDotPath(issue)) };
}

describe('logsPath', () => {
  test.each<[LogsQuery, string, unknown]>([
    [{ name: 'echo', version: '1.0.0' }, 'name=echo&version=1.0.0', { name: 'echo', version: '1.0.0', tail: 'all', follow: false }],
    [{ name: 'echo', version: '1.0.0', tail: 'all' }, 'name=echo&version=1.0.0&tail=all', { name: 'echo', version: '1.0.0', tail: 'all', follow: false }],
    [{ name: 'echo', version: '1.0.0', tail: 0, follow: true }, 'name=echo&version=1.0.0&tail=0&follow=true', { name: 'echo', version: '1.0.0', tail: 0, follow: true }],
    [{ name: 'echo', version: '1.0.0', tail: 50, follow: false }, 'name=echo&version=1.0.0&tail=50&follow=false', { name: 'echo', version: '1.0.0', tail: 50, follow: false }],
    [{ name: 'my_model', version: '2.0.0-rc.1+b.5', tail: undefined, follow: undefined }, 'name=my_model&version=2.0.0-rc.1%2Bb.5', { name: 'my_model', version: '2.0.0-rc.1+b.5', tail: 'all', follow: false }],
  ])('%j is sent as ?%s, which the route reads back', async (query, search, expected) => {
    const path = logsPath(query);
    expect(path).toBe(`/services/~logs?${search}`);
    expect(await readBack(path)).toStrictEqual(expected);
  });
});

describe("the logs route's query", () => {
  test.each([
    ['follow=true', true],
    ['follow=1', true],
    ['follow', true],
    ['follow=', true],
    ['follow=false', false],
    ['follow=0', false],
  ])('reads ?%s as follow %s', async (follow, on) => {
    expect(await readBack(`/services/~logs?name=echo&version=1.0.0&${follow}`)).toMatchObject({ follow: on });
  });

  test.each([
    ['name=echo&version=1.0.0&tail=x', 'tail'],
    ['name=echo&version=1.0.0&tail=-1', 'tail'],
    ['name=echo&version=1.0.0&follow=yes', 'follow'],
    ['name=Echo&version=1.0.0', 'name'],
    ['name=echo', 'version'],
  ])('refuses ?%s', async (search, key) => {
    expect(await readBack(`/services/~logs?${search}`)).toStrictEqual({ refused: [key] });
  });

  test('says what tail takes when it is neither a number nor all', () => {
    const result = v.safeParse(LogsQuerySchema, { name: 'echo', version: '1.0.0', tail: 'x' });
    expect(result.issues?.map((issue) => issue.message)).toStrictEqual(['tail is a number of lines, or all']);
  });
});
