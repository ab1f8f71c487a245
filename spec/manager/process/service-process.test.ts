import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ReplicaRotation } from '../../../lib/manager/gateway/_replica-rotation.ts';
import { freePort } from '../../../lib/manager/process/free-port.ts';
import { openLogFile } from '../../../lib/manager/process/log-file.ts';
import { readLogTail } from '../../../lib/manager/process/read-log-tail.ts';
import { isProcessAlive as alive } from '../../../lib/utilities/_process-alive.ts';
import { superviseProcess, type ProcessOptions, type ServiceProcess } from '../../../lib/manager/process/service-process.ts';

const CHILD = join(import.meta.dirname, '_http-child.mjs');
const dir = await mkdtemp(join(tmpdir(), 'mvi-process-'));
const running: ServiceProcess[] = [];
afterEach(async () => {
  for (const process of running.splice(0)) await process.stop();
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function supervise(name: string, env: Record<string, string>, overrides: Partial<ProcessOptions> = {}) {
  const port = await freePort();
  const log = openLogFile(join(dir, `${name}.log`));
  const supervised = superviseProcess({
    label: `${name} 1.0.0`,
    command: [process.execPath, CHILD],
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', PORT: String(port), ...env },
    port,
    rootPath: '',
    health: 'http',
    log,
    probeToken: async () => undefined,
    retryFirstStart: false,
    timing: { startTimeout: 3_000, stopGrace: 1_000, backoff: 50, maxBackoff: 200, crashLimit: 3, crashWindow: 60_000 },
    ...overrides,
  });
  running.push(supervised);
  return { supervised, log, port };
}

async function until(condition: () => boolean, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('superviseProcess()', () => {
  it('answers once healthy, logs the output, and stops the whole process group', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const { supervised, log, port } = await supervise('group', { GRANDCHILD_PID_FILE: pidFile });
    await supervised.started;
    expect(supervised.status).toBe('running');
    expect(supervised.origin).toBe(`http://127.0.0.1:${port}`);
    const pid = supervised.pid!;
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(alive(grandchild)).toBe(true);
    await supervised.stop();
    expect(supervised.status).toBe('stopped');
    expect(supervised.pid).toBeUndefined();
    expect(alive(pid)).toBe(false);
    await until(() => !alive(grandchild));
    expect(readLogTail(log.paths()).toString()).toContain(`child ${pid} starting`);
  });

  it('kills with SIGKILL what ignores SIGTERM once the grace period is over', async () => {
    const { supervised } = await supervise('stubborn', { IGNORE_TERM: '1' });
    await supervised.started;
    const pid = supervised.pid!;
    const stopping = Date.now();
    await supervised.stop();
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(900);
    expect(alive(pid)).toBe(false);
  });

  it('rejects a first start that exits, with the reason, and does not retry it', async () => {
    const { supervised, log } = await supervise('failing', { EXIT_AT_ONCE: '1' });
    await expect(supervised.started).rejects.toThrow('failing 1.0.0 exited with code 3');
    expect(supervised.status).toBe('stopped');
    await sleep(150);
    expect(readLogTail(log.paths()).toString().match(/starting\n/g)).toHaveLength(1);
    expect(readLogTail(log.paths()).toString()).toContain('failing on purpose');
  });

  it('rejects a first start that is not healthy in time, and leaves no process', async () => {
    const { supervised } = await supervise('silent', { NEVER_LISTEN: '1' }, { timing: { startTimeout: 300, stopGrace: 500 } });
    await expect(supervised.started).rejects.toThrow('silent 1.0.0 was not healthy within 0.3 s');
    expect(supervised.pid).toBeUndefined();
  });

  it('keeps the default of a timing given as undefined: a stop waits for the process to exit after SIGTERM', async () => {
    const { supervised, log } = await supervise('slow-stop', { TERM_DELAY: '300' }, { timing: { startTimeout: undefined, stopGrace: undefined } });
    await supervised.started;
    await supervised.stop();
    expect(readLogTail(log.paths()).toString()).toMatch(/exiting after SIGTERM/);
  });

  it('rejects a command that does not exist', async () => {
    const { supervised } = await supervise('missing', {}, { command: ['/no/such/program'] });
    await expect(supervised.started).rejects.toThrow(/could not be started: spawn \/no\/such\/program ENOENT/);
  });

  it('restarts a crashed process with growing waits, then leaves it crashed after the crash limit', async () => {
    let told = 0;
    const { supervised, log } = await supervise('crashy', { CRASH_AFTER: '1000' }, { onCrashed: () => told++ });
    await supervised.started;
    const first = supervised.pid;
    // The gateway's rotation skips it while it restarts.
    const rotation = new ReplicaRotation('crashy_1.0.0', 'crashy', '1.0.0', [supervised]);
    await until(() => supervised.status === 'restarting');
    expect(rotation.pick()).toBeUndefined();
    await until(() => supervised.restarts === 1 && supervised.status === 'running');
    expect(rotation.pick()).toEqual({ index: 0, origin: supervised.origin });
    expect(supervised.pid).not.toBe(first);
    await until(() => supervised.status === 'crashed');
    expect(supervised.restarts).toBe(2);
    expect(told).toBe(1);
    expect(supervised.pid).toBeUndefined();
    const text = readLogTail(log.paths()).toString();
    expect(text).toMatch(/exited with code 1; restarting in 0\.05 s/);
    expect(text).toMatch(/exited with code 1; restarting in 0\.1 s/);
    expect(text).toMatch(/3 crashes within 1 min: left crashed/);
  });

  it('takes a process that fails its health checks out of the rotation until it passes one, without restarting it', async () => {
    const sick = join(dir, 'sick');
    const { supervised, log } = await supervise('sickly', { SICK_FILE: sick }, { health: 'mvi', timing: { healthInterval: 50, healthFailures: 2, healthTimeout: 500, stopGrace: 1_000 } });
    await supervised.started;
    const pid = supervised.pid;
    const rotation = new ReplicaRotation('sickly_1.0.0', 'sickly', '1.0.0', [supervised, { origin: 'http://127.0.0.1:1', status: 'running' }]);
    expect([rotation.pick(), rotation.pick()].map((replica) => replica?.index)).toEqual([0, 1]);
    writeFileSync(sick, '');
    await until(() => supervised.status === 'unhealthy');
    expect([rotation.pick(), rotation.pick(), rotation.pick()].map((replica) => replica?.index)).toEqual([1, 1, 1]);
    rmSync(sick);
    await until(() => supervised.status === 'running');
    expect(new Set([rotation.pick(), rotation.pick()].map((replica) => replica?.index))).toEqual(new Set([0, 1]));
    expect(supervised.pid).toBe(pid);
    expect(supervised.restarts).toBe(0);
    const text = readLogTail(log.paths()).toString();
    expect(text).toMatch(/sickly 1\.0\.0 failed 2 health checks in a row: out of the rotation until it passes one/);
    expect(text).toMatch(/sickly 1\.0\.0 answers its health check: in the rotation/);
  });

  it('keeps trying a restored version whose first start fails, as crashes', async () => {
    const { supervised } = await supervise('restored', { EXIT_AT_ONCE: '1' }, { retryFirstStart: true });
    await supervised.started;
    await until(() => supervised.status === 'crashed');
    expect(supervised.restarts).toBe(2);
  });
});

describe('openLogFile()', () => {
  it('rotates by size, keeps the number of files asked for, and tails across them', () => {
    const path = join(dir, 'rotating.log');
    const log = openLogFile(path, { maxBytes: 100, files: 3 });
    for (let i = 0; i < 40; i++) log.write(`line ${String(i).padStart(2, '0')} of the log\n`);
    expect(log.paths()).toEqual([`${path}.2`, `${path}.1`, path]);
    expect(existsSync(`${path}.3`)).toBe(false);
    expect(readLogTail(log.paths(), 3).toString()).toBe('line 37 of the log\nline 38 of the log\nline 39 of the log\n');
    expect(readLogTail(log.paths(), 6).toString().split('\n').filter(Boolean)).toHaveLength(6);
    // 5 lines of 19 bytes fill a file of 100: three files keep the last 15.
    expect(readLogTail(log.paths()).toString()).toBe(Array.from({ length: 15 }, (_, i) => `line ${i + 25} of the log\n`).join(''));
    log.close();
  });

  it('tells followers every chunk written, then that it closed', () => {
    const log = openLogFile(join(dir, 'followed.log'));
    const seen: (string | undefined)[] = [];
    log.subscribe((chunk) => seen.push(chunk?.toString()));
    log.write('a\n');
    log.write(Buffer.from('b\n'));
    log.close();
    log.write('after\n');
    expect(seen).toEqual(['a\n', 'b\n', undefined]);
  });
});
