import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConsola } from 'consola';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { managerDbWorker, openManagerDb } from '../../lib/manager/manager-db.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('openManagerDb()', () => {
  it('keeps rows across a close and reopen of its folder, and refuses a second opener', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mvi-manager-db-'));
    dirs.push(dir);
    const first = await openManagerDb(dir);
    await first.pg.exec('CREATE TABLE t (v text)');
    await first.pg.query('INSERT INTO t VALUES ($1)', ['kept']);
    await expect(openManagerDb(dir)).rejects.toThrow(/already open in this process/);
    await first.close();
    const again = await openManagerDb(dir);
    expect((await again.pg.query<{ v: string }>('SELECT v FROM t')).rows).toEqual([{ v: 'kept' }]);
    await again.close();
  }, 30_000);

  it('runs its queries off the thread that answers requests: a slow one leaves the event loop free', async () => {
    const db = await openManagerDb();
    try {
      // PGlite runs a query synchronously on its caller's thread: on this one, the timer below
      // would fire only after the 800 ms statement.
      const slow = db.pg.query('SELECT pg_sleep(0.8)');
      const t0 = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(performance.now() - t0).toBeLessThan(600);
      await slow;
    } finally {
      await db.close();
    }
  });

  it('opens its folder again when its worker crashes, with every row it had, and logs why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mvi-manager-db-'));
    dirs.push(dir);
    const errors: string[] = [];
    const db = await openManagerDb(dir, createConsola({ level: 0, reporters: [{ log: (entry) => errors.push(entry.args.join(' ')) }] }));
    try {
      await db.pg.exec('CREATE TABLE t (v text)');
      await db.pg.query('INSERT INTO t VALUES ($1)', ['kept']);
      await (await managerDbWorker(db))!.terminate();
      await vi.waitFor(async () => expect((await db.pg.query<{ v: string }>('SELECT v FROM t')).rows).toEqual([{ v: 'kept' }]), { timeout: 10_000 });
      expect(errors.join('\n')).toMatch(/manager's database stopped .*opening it again/);
    } finally {
      await db.close();
    }
  }, 30_000);

  it('opens in memory without a folder', async () => {
    const db = await openManagerDb();
    expect((await db.pg.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    await db.close();
  });
});
