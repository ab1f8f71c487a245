import { mkdir, mkdtemp } from 'node:fs/promises';
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

/** Whether a process of this pid runs (and is no zombie). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
