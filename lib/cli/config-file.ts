import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import * as v from 'valibot';
import { UserError } from './user-error.ts';

const SavedHostSchema = v.object({
  /** The manager's URL, without a trailing slash. */
  url: v.string(),
  /** Who logged in; none while the manager runs without auth. */
  user: v.optional(v.string()),
  /** The session token; none while the manager runs without auth. */
  token: v.optional(v.string()),
});

const ConfigSchema = v.object({
  /** Index in `hosts` of the manager the commands talk to. */
  current: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  hosts: v.array(SavedHostSchema),
});

/** A manager the user logged in to. */
export type SavedHost = v.InferOutput<typeof SavedHostSchema>;

/** What `mvi login` remembers: the managers logged in to, and which one is in use. */
export type CliConfig = v.InferOutput<typeof ConfigSchema>;

/** `$XDG_CONFIG_HOME/mvi/config.json`, else `~/.config/mvi/config.json`. */
export function configPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'mvi', 'config.json');
}

/** The saved logins; none before the first `mvi login`. */
export function readConfig(path = configPath()): CliConfig {
  if (!existsSync(path)) return { hosts: [] };
  // Tokens are in it: a file others could read is made private again before anything else.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new UserError(`${path} is not valid JSON: fix it, or delete it and log in again`);
  }
  const result = v.safeParse(ConfigSchema, parsed);
  if (!result.success) throw new UserError(`${path} is not an mvi configuration (${result.issues[0].message}): fix it, or delete it and log in again`);
  const config = result.output;
  return config.current !== undefined && config.current >= config.hosts.length ? { hosts: config.hosts } : config;
}

/** Saves the logins, readable by the owner only (folder 0700, file 0600), replacing the file in one step. */
export function writeConfig(config: CliConfig, path = configPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}

/** The manager in use; undefined when none. */
export function currentHost(config: CliConfig): SavedHost | undefined {
  return config.current === undefined ? undefined : config.hosts[config.current];
}
