import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpError } from '../../engine/http-error.ts';
import type { LogFile } from './log-file.ts';
import { managerNote } from './manager-note.ts';
import { refusalWithLogTail } from './refusal-with-log-tail.ts';
import { withoutManagerSettings } from './service-env.ts';
import { stopProcessGroup } from './stop-process-group.ts';

/** Options of {@link installDependencies}. */
export interface InstallOptions {
  /** `{name} {version}`, as the log names it. */
  readonly label: string;
  /** Where the install's output goes: the version's log. */
  readonly log: LogFile;
  /** The environment npm runs in: the manager's, without its own settings. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /**
   * How long the install may take, in ms (default 240 000): the CLI's request waits for the
   * install and then the start (30 s), and undici gives up on an answer after 300 s.
   */
  readonly timeout?: number;
}

const DEPENDENCY_FIELDS = ['dependencies', 'optionalDependencies'] as const;
const LOCK_FILES = ['package-lock.json', 'npm-shrinkwrap.json'];

// What the project needs at run time; undefined when there is nothing to install.
function dependenciesOf(folder: string): readonly string[] | undefined {
  const manifest = join(folder, 'package.json');
  if (!existsSync(manifest)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(manifest, 'utf8'));
  } catch (error) {
    throw httpError(422, `The project's package.json is not valid JSON: ${(error as Error).message}`);
  }
  const names = DEPENDENCY_FIELDS.flatMap((field) => {
    const deps = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[field] : undefined;
    return typeof deps === 'object' && deps !== null ? Object.keys(deps) : [];
  });
  return names.length > 0 ? names : undefined;
}

/**
 * The npm command that installs a project's production dependencies: `npm ci` from its lock file
 * (from npm's cache where it holds them: a lock pins each package's content), else `npm install`;
 * never dev dependencies, and no install scripts (a deploy must not run code on the manager
 * before it runs as a service).
 */
export function installCommand(folder: string): string[] {
  const locked = LOCK_FILES.some((file) => existsSync(join(folder, file)));
  return ['npm', locked ? 'ci' : 'install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier', ...(locked ? ['--prefer-offline'] : [])];
}

/**
 * Installs the production dependencies of an uploaded project in its folder before it starts,
 * the output in the version's log: nothing to do without a package.json, without dependencies, or
 * when the archive brought its node_modules. 422 with the end of the log when npm fails, cannot
 * be run, or takes longer than the timeout.
 */
export async function installDependencies(folder: string, options: InstallOptions): Promise<void> {
  const { log, label } = options;
  const note = managerNote(log, label);
  if (!dependenciesOf(folder)) return;
  if (existsSync(join(folder, 'node_modules'))) {
    note('brought its node_modules: its dependencies are not installed again');
    return;
  }
  const timeout = options.timeout ?? 240_000;
  const [file, ...args] = installCommand(folder);
  note(`is installing its dependencies: ${[file, ...args].join(' ')}`);
  const started = Date.now();
  const child = spawn(file!, args, { cwd: folder, env: withoutManagerSettings(options.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk: Buffer) => log.write(chunk));
  child.stderr.on('data', (chunk: Buffer) => log.write(chunk));
  let timer: NodeJS.Timeout | undefined;
  const failure = await new Promise<string | undefined>((resolve) => {
    child.once('error', (error) => resolve(`${file} could not be run on the manager's machine (${error.message})`));
    child.once('exit', (code, signal) => resolve(code === 0 ? undefined : `${file} ${args[0]} ${signal ? `was killed by ${signal}` : `exited with code ${code}`}`));
    timer = setTimeout(() => resolve(`${file} ${args[0]} took longer than ${Math.round(timeout / 1000)} s and was stopped`), timeout);
  });
  clearTimeout(timer);
  if (failure === undefined) {
    note(`installed its dependencies in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return;
  }
  // After a timeout npm still runs; after a failure its group may hold what it started.
  await stopProcessGroup(child, 5_000);
  note(`could not install its dependencies: ${failure}`);
  throw refusalWithLogTail(`Installing the dependencies of ${label} failed: ${failure}`, log);
}
