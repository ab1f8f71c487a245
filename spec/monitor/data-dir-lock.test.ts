import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../lib/monitor/data-dir-lock.ts';
import { captureLogs, type CapturedLogs } from '../utilities/_capture-logs.ts';
import { createConsola, type LogObject } from 'consola';
import { killChild, killToZombie, processState, startReadyChild, startZombieParent } from './_child.ts';

const dirs: string[] = [];
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mvi-lock-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

let logs: CapturedLogs | undefined;
afterEach(() => logs?.restore());

// A pid that was just in use and is not any more.
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

describe('lockDataDir()', () => {
  it('writes our pid, and removes the lock on release', async () => {
    const dir = await tempDir();
    const release = await lockDataDir(dir);
    expect(await readFile(join(dir, 'store.lock'), 'utf8')).toBe(`${process.pid}\n`);
    await release();
    await release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses while another live process holds the lock, naming the folder and the pid', async () => {
    const dir = await tempDir();
    const holder = await startReadyChild('spec/monitor/_hold-lock.ts', [dir]);
    try {
      await expect(lockDataDir(dir)).rejects.toThrow(`The data folder ${dir} is in use by process ${holder.pid}.`);
      expect(await readFile(join(dir, 'store.lock'), 'utf8')).toBe(`${holder.pid}\n`);
    } finally {
      await killChild(holder);
    }
    logs = captureLogs();
    await (await lockDataDir(dir))();
    expect(logs.texts()).toEqual([`Recovering the data folder ${dir} from process ${holder.pid}, which is gone`]);
  }, 30_000);

  it('takes over at the first try from a holder killed with SIGKILL that is still a zombie', async () => {
    const dir = await tempDir();
    const holder = await startZombieParent('spec/monitor/_hold-lock.ts', [dir]);
    try {
      await killToZombie(holder.pid);
      logs = captureLogs();
      const release = await lockDataDir(dir);
      // Still a zombie: the lock did not wait for it to be reaped.
      expect(processState(holder.pid)).toBe('Z');
      expect(logs.texts()).toEqual([`Recovering the data folder ${dir} from process ${holder.pid}, which is gone`]);
      await release();
    } finally {
      await killChild(holder.parent);
    }
  }, 30_000);

  it('tells the logger it is given, not the global one, of a recovery', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'store.lock'), `${deadPid()}\n`);
    logs = captureLogs();
    const mine: LogObject[] = [];
    await (await lockDataDir(dir, createConsola({ reporters: [{ log: (entry) => void mine.push(entry) }] })))();
    expect(mine.map((entry) => [entry.type, entry.args[0]])).toEqual([['warn', expect.stringContaining('Recovering the data folder')]]);
    expect(logs.logs).toEqual([]);
  });

  it('recovers a lock left by a process that is gone, with a warning', async () => {
    const dir = await tempDir();
    const pid = deadPid();
    await writeFile(join(dir, 'store.lock'), `${pid}\n`);
    logs = captureLogs();
    const release = await lockDataDir(dir);
    expect(await readFile(join(dir, 'store.lock'), 'utf8')).toBe(`${process.pid}\n`);
    expect(logs.texts()).toEqual([`Recovering the data folder ${dir} from process ${pid}, which is gone`]);
    await release();
  });

  it('recovers a lock with our own pid that this process does not hold (a restarted container)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'store.lock'), `${process.pid}\n`);
    logs = captureLogs();
    const release = await lockDataDir(dir);
    await expect(lockDataDir(dir)).rejects.toThrow(`The data folder ${dir} is already open in this process`);
    await release();
    expect(await readdir(dir)).toEqual([]);
  });

  it('recovers a lock whose content is not a pid', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'store.lock'), 'garbage');
    logs = captureLogs();
    await (await lockDataDir(dir))();
    expect(logs.texts()[0]).toContain('from process (unknown)');
  });
});
