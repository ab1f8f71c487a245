/** Who a managed version is and where it finds its manager, as {@link serviceEnv} passes it. */
export interface ServiceIdentityEnv {
  readonly name: string;
  readonly version: string;
  readonly token: string;
  /** The manager's URL as the service reaches it, e.g. `http://127.0.0.1:4000`. */
  readonly managerUrl: string;
  /** The public key (JWK as JSON) the service verifies the manager's tokens with; empty without auth. */
  readonly publicKey: string;
  /** The version's own data folder. */
  readonly dataDir: string;
  readonly port: number;
}

// The manager's own settings (its secrets among them: MVI_ADMIN_PASSWORD, MVI_SMTP_URL) and
// any identity it runs under never reach a service: only what the deploy sets, and the identity
// written below, do.
const MANAGER_ONLY = /^(MVI_|DAEPLOY_|mvi\.|daeploy\.)/;

/**
 * The environment of a managed version: the manager's (without its own `MVI_*` settings), then
 * the deploy's `env`, then identity, token, manager address, data folder and port under the mvi
 * names and the seed's and daeploy's (these win: a deploy cannot pose as another version).
 */
export function serviceEnv(
  base: Readonly<Record<string, string | undefined>>,
  extra: Readonly<Record<string, string>>,
  id: ServiceIdentityEnv,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base)) if (value !== undefined && !MANAGER_ONLY.test(name)) env[name] = value;
  const hostname = new URL(id.managerUrl).hostname;
  return {
    ...env,
    ...extra,
    MVI_SERVICE_NAME: id.name,
    MVI_SERVICE_VERSION: id.version,
    MVI_SERVICE_TOKEN: id.token,
    MVI_MANAGER_URL: id.managerUrl,
    MVI_MANAGER_HOSTNAME: hostname,
    MVI_MANAGER_PUBLIC_KEY: id.publicKey,
    MVI_DATA_DIR: id.dataDir,
    PORT: String(id.port),
    HOST: '127.0.0.1',
    'mvi.name': id.name,
    'mvi.version': id.version,
    'mvi.auth': id.token,
    'daeploy.name': id.name,
    'daeploy.version': id.version,
    'daeploy.auth': id.token,
    DAEPLOY_MANAGER_URL: id.managerUrl,
    DAEPLOY_MANAGER_HOSTNAME: hostname,
  };
}
