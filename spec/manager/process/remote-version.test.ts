import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../lib/manager/process/free-port.ts';
import { openLogFile } from '../../../lib/manager/process/log-file.ts';
import { readLogTail } from '../../../lib/manager/process/read-log-tail.ts';
import { remoteVersion } from '../../../lib/manager/process/remote-version.ts';

const dir = await mkdtemp(join(tmpdir(), 'mvi-remote-'));
const servers: Server[] = [];
afterAll(async () => {
  for (const server of servers) server.close();
  await rm(dir, { recursive: true, force: true });
});

async function until(condition: () => boolean, timeout = 10_000) {
  const deadline = Date.now() + timeout;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

const timing = { startTimeout: 500, probeInterval: 20, healthInterval: 50, healthFailures: 2, healthTimeout: 500 };

describe('remoteVersion()', () => {
  it('is running once {rootPath}/~health answers 200, out of the rotation while it does not, and asks with the token', async () => {
    let health = 200;
    const seen: (string | undefined)[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers.authorization);
      response.statusCode = request.url === '/services/kube_1.0.0/~health' ? health : 404;
      response.end();
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const log = openLogFile(join(dir, 'kube.log'));
    const remote = remoteVersion({ label: 'kube 1.0.0', origin, rootPath: '/services/kube_1.0.0', log, probeToken: async () => 'manager-token', timing, retryFirstStart: false });
    await remote.started;
    expect(remote).toMatchObject({ status: 'running', pid: undefined, port: (server.address() as AddressInfo).port, origin, restarts: 0 });
    expect(seen[0]).toBe('Bearer manager-token');
    health = 503;
    await until(() => remote.status === 'unhealthy');
    health = 200;
    await until(() => remote.status === 'running');
    await remote.stop();
    expect(remote.status).toBe('stopped');
    const probes = seen.length;
    await sleep(200);
    expect(seen.length).toBe(probes);
    expect(readLogTail(log.paths()).toString()).toMatch(new RegExp(`kube 1\\.0\\.0 is at ${origin}\\n.*kube 1\\.0\\.0 failed 2 health checks in a row: out of the rotation until it passes one\\n.*kube 1\\.0\\.0 answers its health check: in the rotation\\n`));
    log.close();
  });

  it('rejects a deploy whose version does not answer in time, and waits as long as it takes on a restore', async () => {
    const origin = `http://127.0.0.1:${await freePort()}`;
    const log = openLogFile(join(dir, 'gone.log'));
    const deployed = remoteVersion({ label: 'gone 1.0.0', origin, rootPath: '/services/gone_1.0.0', log, probeToken: async () => undefined, timing, retryFirstStart: false });
    await expect(deployed.started).rejects.toThrow(`gone 1.0.0 at ${origin} did not answer /services/gone_1.0.0/~health with 200 within 0.5 s`);
    const restored = remoteVersion({ label: 'gone 1.0.0', origin, rootPath: '/services/gone_1.0.0', log, probeToken: async () => undefined, timing, retryFirstStart: true });
    await restored.started;
    await sleep(300);
    expect(restored.status).toBe('starting');
    await Promise.all([deployed.stop(), restored.stop()]);
    log.close();
  });
});
