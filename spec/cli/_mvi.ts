import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const main = join(root, 'lib', 'cli', 'main.ts');

/** What a run of the command did. */
export interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A home of its own for the command's config (HOME and XDG_CONFIG_HOME), in a temporary folder. */
export function tempHome(): string {
  return mkdtempSync(join(tmpdir(), 'mvi-cli-home-'));
}

/**
 * A user's shell, not vitest's (consola logs only warnings where NODE_ENV is test, citty drops
 * colours where TEST is set), with `home` as the user's home and config folder.
 */
export function userEnv(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(VITEST|NODE_ENV$|TEST$|NODE_OPTIONS$|XDG_|CI$)/.test(key))),
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    NO_COLOR: '1',
    ...extra,
  };
}

/** Spawns `mvi …` from the sources, as `npm run mvi` does. */
export function spawnMvi(args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string; detached?: boolean }): ChildProcess {
  return spawn(process.execPath, ['--conditions=mvi-source', '--import', 'tsx', main, ...args], { cwd: options.cwd ?? root, env: options.env, stdio: ['pipe', 'pipe', 'pipe'], detached: options.detached ?? false });
}

/** Runs `mvi …` to its end with `input` on stdin (then closed), and resolves to its exit code and output. */
export function mvi(args: readonly string[], options: { env: NodeJS.ProcessEnv; input?: string; cwd?: string }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawnMvi(args, options);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin!.end(options.input ?? '');
  });
}

/** The non-empty lines of an output. */
export const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

/** The lines of stderr but the announcements of long waits (`◐ Deploying…`, printed off a terminal once a wait passes 1 s). */
export const said = (stderr: string) => lines(stderr).filter((line) => !line.startsWith('◐ '));
