import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** Paths of the repository, as a deploy names them. */
export const repo = (...path: string[]) => join(root, ...path);

/**
 * A fresh data folder for a manager under test, inside the repository's ignored `.mvi/`: a
 * project unpacked under it resolves `mvi` and `valibot` from this repository, as an installed
 * project resolves them from its node_modules.
 */
export async function managerDataDir(): Promise<string> {
  await mkdir(repo('.mvi'), { recursive: true });
  return mkdtemp(repo('.mvi', 'spec-manager-'));
}

/** An answer of the manager: status, headers and the body as text and, where it is JSON, parsed. */
export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  readonly json: unknown;
}

/** Calls the manager at `url` with `token` (none when undefined). */
export function client(url: string) {
  return async (method: string, path: string, options: { token?: string; body?: unknown; form?: FormData } = {}): Promise<Answer> => {
    const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${url}${path}`, { method, headers, body });
    const text = await response.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: response.status, headers: response.headers, text, json };
  };
}

/** The admin password the managers under test start with. */
export const ADMIN_PASSWORD = 'spec-admin-password-1';

/** The environment of a manager under test: its admin's password, and consola's info level for the services (a test runner sets warn), whose access lines the tests read in their logs. */
export const managerEnv = { ...process.env, MVI_ADMIN_PASSWORD: ADMIN_PASSWORD, CONSOLA_LEVEL: '3' };

/** Logs in as the admin: its token. */
export async function login(url: string): Promise<string> {
  const answer = await client(url)('POST', '/auth/login', { body: { username: 'admin', password: ADMIN_PASSWORD } });
  if (answer.status !== 200) throw new Error(`Login failed: ${answer.status} ${answer.text}`);
  return (answer.json as { token: string }).token;
}

/** The token a running service was given, read from its environment as the service reads it (Linux). */
export async function serviceTokenOf(pid: number): Promise<string> {
  const environ = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0');
  return environ.find((entry) => entry.startsWith('MVI_SERVICE_TOKEN='))!.slice('MVI_SERVICE_TOKEN='.length);
}

/** Whether a process of this pid runs (and is no zombie). */
export { isProcessAlive as alive } from '../../lib/utilities/_process-alive.ts';

/** A manager in a process of its own (spec/manager/_manager-child.ts) on `dataDir`, so that a test can kill it as a crash would; resolves once it listens. */
export async function startManagerChild(dataDir: string, env: NodeJS.ProcessEnv): Promise<{ readonly child: ChildProcess; readonly url: string }> {
  const child = spawn(process.execPath, ['--conditions=mvi-source', '--import', 'tsx', repo('spec/manager/_manager-child.ts'), dataDir], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: child.stdout! })) {
    if (!line.startsWith('{')) continue;
    child.stdout!.resume();
    return { child, url: (JSON.parse(line) as { url: string }).url };
  }
  throw new Error('The manager exited before it listened');
}
