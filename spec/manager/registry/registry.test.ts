import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openManagerDb } from '../../../lib/manager/manager-db.ts';
import { createRegistry } from '../../../lib/manager/registry/registry.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const launch = { source: '/srv/dice', env: { A: '1' } };

describe('createRegistry()', () => {
  it('makes the first version of a name main and later ones shadows, assigns, removes, and keeps it all across a reopen', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mvi-registry-'));
    dirs.push(dir);
    let db = await openManagerDb(dir);
    let registry = await createRegistry(db.pg);
    await registry.add({ name: 'dice', version: '1.0.0', launch, tokenId: 't1', pids: [10] });
    await registry.add({ name: 'dice', version: '2.0.0', launch: { command: ['python3', 'x.py'], env: {}, port: 8000 }, tokenId: 't2', pids: [undefined] });
    await registry.add({ name: 'yatzy', version: '1.0.0', launch, tokenId: undefined, pids: [] });
    await registry.add({ name: 'iris', version: '1.0.0', launch: { ...launch, replicas: 3 }, tokenId: 't3', pids: [] });
    expect(registry.byName('dice')!.main!.version).toBe('1.0.0');
    expect(registry.byName('dice')!.shadows.map((e) => e.version)).toEqual(['2.0.0']);
    await registry.assign('dice', '2.0.0');
    await registry.update('dice', '1.0.0', { running: false });
    await registry.updatePid('dice', '2.0.0', 0, 20);
    // Replicas start together: pids recorded at once, out of order, are all kept.
    await Promise.all([registry.updatePid('iris', '1.0.0', 2, 32), registry.updatePid('iris', '1.0.0', 0, 30), registry.update('iris', '1.0.0', { tokenId: 't4' })]);
    await registry.remove('yatzy', '1.0.0');
    expect(registry.byName('yatzy')).toBeUndefined();
    await db.close();

    db = await openManagerDb(dir);
    registry = await createRegistry(db.pg);
    expect(registry.entries()).toStrictEqual([
      { key: 'dice_1.0.0', name: 'dice', version: '1.0.0', main: false, launch, running: false, tokenId: 't1', pids: [10] },
      { key: 'dice_2.0.0', name: 'dice', version: '2.0.0', main: true, launch: { command: ['python3', 'x.py'], env: {}, port: 8000 }, running: true, tokenId: 't2', pids: [20] },
      { key: 'iris_1.0.0', name: 'iris', version: '1.0.0', main: true, launch: { ...launch, replicas: 3 }, running: true, tokenId: 't4', pids: [30, undefined, 32] },
    ]);
    expect(registry.byName('dice')!.main!.version).toBe('2.0.0');
    await db.close();
  }, 30_000);

  it('refuses a version that exists (the primary key)', async () => {
    const db = await openManagerDb();
    const registry = await createRegistry(db.pg);
    await registry.add({ name: 'dice', version: '1.0.0', launch, tokenId: undefined, pids: [] });
    await expect(registry.add({ name: 'dice', version: '1.0.0', launch, tokenId: undefined, pids: [] })).rejects.toThrow();
    expect(registry.entries()).toHaveLength(1);
    await db.close();
  });
});
