import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveManager } from 'mvi/manager';
import { afterEach, describe, expect, it } from 'vitest';
import { capturingLogger } from '../utilities/_capture-logs.ts';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mvi-serve-manager-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return join(dir, 'state');
}

async function takenPort(): Promise<number> {
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => blocker.close(resolve)));
  return (blocker.address() as AddressInfo).port;
}

describe('serveManager(): where it listens', () => {
  it('refuses a port in use saying which and what to do, with nothing made: no data folder, no admin whose password would be lost', async () => {
    const dataDir = await folder();
    const port = await takenPort();
    const refused = capturingLogger();
    await expect(serveManager({ port, dataDir, handleSignals: false, env: {}, logger: refused.logger })).rejects.toThrow(
      `Port ${port} on 127.0.0.1 is already in use: stop what holds it, or choose another port with --port or PORT (0 picks a free one)`,
    );
    expect(existsSync(dataDir)).toBe(false);
    expect(refused.lines.join('\n')).not.toContain('password');
    // The start that succeeds is the one that creates the admin and shows its password.
    const started = capturingLogger();
    const manager = await serveManager({ port: 0, dataDir, handleSignals: false, env: {}, logger: started.logger });
    cleanups.push(() => manager.close());
    expect(started.lines.join('\n')).toMatch(/password \S+ \(shown only this once/);
  });

  it('listens on PORT of its environment when given no port, as the error advises, and on 127.0.0.1 whatever HOST says', async () => {
    const port = await takenPort();
    await expect(serveManager({ dataDir: await folder(), handleSignals: false, env: { PORT: String(port) }, logger: capturingLogger().logger })).rejects.toThrow(`Port ${port} on 127.0.0.1`);
    await expect(serveManager({ dataDir: await folder(), handleSignals: false, env: { PORT: 'abc' }, logger: capturingLogger().logger })).rejects.toThrow('Invalid port "abc"');
    // tcsh and csh set HOST to the machine's name: were it read, this one would not resolve.
    const manager = await serveManager({ dataDir: await folder(), handleSignals: false, env: { PORT: '0', HOST: 'no-such-host.invalid' }, logger: capturingLogger().logger });
    cleanups.push(() => manager.close());
    expect((await fetch(`${manager.url}/~health`)).status).toBe(200);
  });
});
