import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import { ENV_NAMES } from '../../protocol/env-names.ts';
import { servicePrefix } from '../../protocol/service-path.ts';
import type { LaunchSpec } from '../registry/registry.ts';
import type { LogFile } from './log-file.ts';
import { mviStartCommand } from './mvi-command.ts';
import { replicaLabel } from './replica-label.ts';
import { serviceEnv } from './service-env.ts';
import { superviseProcess, type ProcessOptions, type ServiceProcess } from './service-process.ts';

/** What {@link launchVersion} starts a version with. */
export interface LaunchOptions extends Pick<ProcessOptions, 'probeToken' | 'timing' | 'retryFirstStart' | 'onSpawned' | 'onCrashed'> {
  readonly name: string;
  readonly version: string;
  readonly spec: LaunchSpec;
  /** Which of the version's replicas this process is, from 0 (`MVI_REPLICA_ID`). */
  readonly replica: number;
  /** The PostgreSQL server the manager was given for monitoring (`MVI_DATABASE_URL`), unless the deploy's `env` names another. */
  readonly databaseUrl?: string;
  /** The port it listens on: the deploy's, or one the manager picked. */
  readonly port: number;
  /** Its bearer token. */
  readonly token: string;
  readonly managerUrl: string;
  readonly managerPublicKey: string;
  /** The environment the manager runs in. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Its own data folder. */
  readonly dataDir: string;
  readonly log: LogFile;
}

/**
 * Starts a version as a supervised process: `mvi start` of its source (healthy once its
 * `/~health` answers 200) or its command (healthy once its port answers HTTP), in its source's
 * folder, with the environment a managed service gets.
 */
export function launchVersion(options: LaunchOptions): ServiceProcess {
  const { name, version, spec, port, replica } = options;
  const database: Record<string, string> = options.databaseUrl === undefined ? {} : { [ENV_NAMES.databaseUrl[0]]: options.databaseUrl };
  const env = serviceEnv(options.env, { ...database, ...spec.env }, {
    name,
    version,
    token: options.token,
    managerUrl: options.managerUrl,
    managerHostname: new URL(options.managerUrl).hostname,
    managerPublicKey: options.managerPublicKey,
    dataDir: options.dataDir,
    port,
    replicaId: String(replica),
  });
  return superviseProcess({
    label: replicaLabel(name, version, replica, spec.replicas ?? 1),
    command: spec.command ?? mviStartCommand(spec.source!),
    cwd: spec.source && (statSync(spec.source).isDirectory() ? spec.source : dirname(spec.source)),
    env,
    port,
    rootPath: servicePrefix(name, version),
    health: spec.command ? 'http' : 'mvi',
    log: options.log,
    probeToken: options.probeToken,
    timing: options.timing,
    retryFirstStart: options.retryFirstStart,
    onSpawned: options.onSpawned,
    onCrashed: options.onCrashed,
  });
}
