// The whole manager as a benchmark server: serveManager() in its own process (the `manager` kind
// of bench/_gateway-server.ts), auth on, logged in as its admin, deploying bench servers as
// commands through its API with the package's own client.
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceRecord, ShadowReport } from '../lib/manager/types.ts';
import { built } from './_built.ts';
import { alive, type ServerProcess } from './_process.ts';

/** The script of the gateway benchmark's servers. */
export const GATEWAY_SERVER = 'bench/_gateway-server.ts';

const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * How a manager runs a bench server: the same script and kind the bench starts itself, by
 * absolute paths (the manager's services start in its folder, and `--import tsx` resolves there).
 */
export const benchCommand = (script: string, kind: string): string[] => [process.execPath, '--import', tsx, resolve(script), kind];

/** A manager under load, and its API. */
export interface BenchManager {
  readonly server: ServerProcess;
  /** The admin's `Authorization` header. */
  readonly headers: Readonly<Record<string, string>>;
  /** What the gateway counted of the versions of `name` (`GET /services/~shadow`). */
  shadow(name: string): Promise<ShadowReport>;
  /** Deploys `command` as `name` `version` and answers once it is healthy; the pid of each replica joins `deployed`. */
  deploy(name: string, version: string, command: readonly string[], replicas?: number): Promise<ServiceRecord>;
  kill(name: string, version: string): Promise<unknown>;
}

/** Starts a manager with `start` (the bench's own, which stops it by PID whatever happens) and logs in. */
export async function startBenchManager(start: (kind: string, env: NodeJS.ProcessEnv, script: string) => Promise<ServerProcess>, deployed: Set<number>): Promise<BenchManager> {
  // Loaded here, not on import: the benches build dist/ first. The client's own module, as the
  // `mvi/manager` entry would bring the whole manager into the bench's process (a second).
  const { createManagerClient } = (await built('manager/client/manager-client')) as typeof import('../lib/manager/client/manager-client.ts');
  const { bearer } = (await built('protocol/headers')) as typeof import('../lib/protocol/headers.ts');
  const password = randomBytes(18).toString('base64url');
  const server = await start('manager', { MVI_ADMIN_PASSWORD: password }, GATEWAY_SERVER);
  const token = await createManagerClient(server.url).login('admin', password);
  const client = createManagerClient(server.url, { token });
  const headers = { authorization: bearer(token) };
  return {
    server,
    headers,
    shadow: (name) => client.shadow(name),
    async deploy(name, version, command, replicas) {
      const record = await client.deploy({ name, version, command, replicas });
      for (const replica of record.replicas) if (replica.pid !== undefined) deployed.add(replica.pid);
      return record;
    },
    kill: (name, version) => client.kill(name, { version }),
  };
}

/**
 * Ends the replicas in `deployed` that outlived their manager, which stops its versions before it
 * exits: each one left is a leak, counted and reported.
 */
export function killOutlived(deployed: ReadonlySet<number>): void {
  let leaked = 0;
  for (const pid of deployed) {
    if (!alive(pid)) continue;
    leaked++;
    process.kill(pid, 'SIGKILL');
  }
  if (leaked) console.warn(`${leaked} of ${deployed.size} deployed replicas outlived their manager (killed now)`);
  else console.log(`all ${deployed.size} deployed replicas were stopped with their manager`);
}
