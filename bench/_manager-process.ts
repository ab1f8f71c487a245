// The whole manager as a benchmark server: serveManager() in its own process (the `manager` kind
// of bench/_gateway-server.ts), auth on, logged in as its admin, deploying bench servers as
// commands through its API.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { request } from 'undici';
import type { ServiceRecord } from '../lib/manager/types.ts';
import type { ServerProcess } from './_process.ts';

/** The script of the gateway benchmark's servers. */
export const GATEWAY_SERVER = 'bench/_gateway-server.ts';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * How a manager runs a bench server: the same script and kind the bench starts itself, by
 * absolute paths (the manager's services start in its folder, and `--import tsx` resolves there).
 */
export const benchCommand = (script: string, kind: string): string[] => [process.execPath, '--conditions=mvi-source', '--import', tsx, resolve(script), kind];

/** A manager under load, and its API. */
export interface BenchManager {
  readonly server: ServerProcess;
  /** The admin's `Authorization` header. */
  readonly headers: Readonly<Record<string, string>>;
  /** Calls the API as the admin; throws unless it answers 2xx. */
  call(method: 'GET' | 'POST' | 'DELETE', path: string, json?: unknown): Promise<unknown>;
  /** Deploys `command` as `name` `version` and answers once it is healthy; the pid of each replica joins `deployed`. */
  deploy(name: string, version: string, command: readonly string[], replicas?: number): Promise<ServiceRecord>;
  kill(name: string, version: string): Promise<unknown>;
}

/** Starts a manager with `start` (the bench's own, which stops it by PID whatever happens) and logs in. */
export async function startBenchManager(start: (kind: string, env: NodeJS.ProcessEnv, script: string) => Promise<ServerProcess>, deployed: Set<number>): Promise<BenchManager> {
  const password = randomBytes(18).toString('base64url');
  const server = await start('manager', { MVI_ADMIN_PASSWORD: password }, GATEWAY_SERVER);
  let headers: Record<string, string> = {};
  const call = async (method: 'GET' | 'POST' | 'DELETE', path: string, json?: unknown) => {
    const answer = await request(`${server.url}${path}`, { method, headers: { ...headers, ...(json === undefined ? {} : { 'content-type': 'application/json' }) }, body: json === undefined ? undefined : JSON.stringify(json) });
    const text = await answer.body.text();
    if (answer.statusCode >= 300) throw new Error(`manager: ${method} ${path} answered ${answer.statusCode}: ${text}`);
    return JSON.parse(text) as unknown;
  };
  const { token } = (await call('POST', '/auth/login', { username: 'admin', password })) as { token: string };
  headers = { authorization: `Bearer ${token}` };
  return {
    server,
    headers,
    call,
    async deploy(name, version, command, replicas) {
      const record = (await call('POST', '/services/', { name, version, command, ...(replicas === undefined ? {} : { replicas }) })) as ServiceRecord;
      for (const replica of record.replicas) if (replica.pid !== undefined) deployed.add(replica.pid);
      return record;
    },
    kill: (name, version) => call('DELETE', '/services/', { name, version }),
  };
}
