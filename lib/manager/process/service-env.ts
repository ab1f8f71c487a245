import { serviceEnvironment, type ServiceEnvironmentOptions } from '../../protocol/service-environment.ts';

// The manager's own settings (its secrets among them: MVI_ADMIN_PASSWORD, MVI_SMTP_URL) and
// any identity it runs under never reach a service: only what the deploy sets, and the identity
// written below, do.
const MANAGER_ONLY = /^(MVI_|DAEPLOY_|mvi\.|daeploy\.)/;

/** The manager's environment without its own `MVI_*` settings (its secrets among them). */
export function withoutManagerSettings(base: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined && !MANAGER_ONLY.test(name)) env[name] = value;
  return env;
}

/**
 * The environment of a managed version: the manager's (without its own `MVI_*` settings), then
 * the deploy's `env`, then identity, token, manager address, data folder and port under every
 * name mvi, the seed and daeploy read (these win: a deploy cannot pose as another version).
 */
export function serviceEnv(
  base: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, string>>,
  identity: ServiceEnvironmentOptions,
): Record<string, string> {
  return { ...withoutManagerSettings(base), ...extra, ...serviceEnvironment(identity) };
}
