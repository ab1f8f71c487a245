import { ENV_NAMES, type EnvKey } from './env-names.ts';

/** What a manager tells a service it starts. */
export interface ServiceEnvironmentOptions {
  /** The service's name. */
  readonly name: string;
  /** The version started. */
  readonly version: string;
  /** The bearer token it calls the manager with. */
  readonly token: string;
  /** Where it reaches the manager, e.g. `http://127.0.0.1:4000`. */
  readonly managerUrl: string;
  /** The manager's hostname: the `Host` of its calls and the host its token may go to. */
  readonly managerHostname: string;
  /** The JWK (JSON text) it verifies the manager's tokens with. */
  readonly managerPublicKey: string;
  /** A folder of its own for its data. */
  readonly dataDir: string;
  /** The port to listen on. */
  readonly port: number;
  /** The address to listen on (default 127.0.0.1: services are reached through the manager only). */
  readonly host?: string;
  /** Which of the version's replicas it is (`0`, `1`, …): what it tags its monitoring rows with in a shared database. */
  readonly replicaId?: string;
}

/**
 * The environment variables a manager gives a service it starts: every name that mvi, the seed
 * and daeploy read for each value, so that the getters of `mvi/utilities` (and a Python seed
 * service) read back exactly these values.
 * @example
 * spawn(command, args, { env: { ...process.env, ...serviceEnvironment({ name: 'dice', version: '1.0.0', ... }) } });
 */
export function serviceEnvironment(options: ServiceEnvironmentOptions): Record<string, string> {
  const values: readonly (readonly [EnvKey, string])[] = [
    ['serviceName', options.name],
    ['serviceVersion', options.version],
    ['serviceToken', options.token],
    ['managerUrl', options.managerUrl],
    ['managerHostname', options.managerHostname],
    ['managerPublicKey', options.managerPublicKey],
    ['dataDir', options.dataDir],
    ['port', String(options.port)],
    ['host', options.host ?? '127.0.0.1'],
    ...(options.replicaId === undefined ? [] : [['replicaId', options.replicaId] as const]),
  ];
  return Object.fromEntries(values.flatMap(([key, value]) => ENV_NAMES[key].map((name) => [name, value])));
}
