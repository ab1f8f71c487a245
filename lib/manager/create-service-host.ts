import type { ConsolaInstance } from 'consola';
import { join } from 'node:path';
import { httpError } from '../engine/http-error.ts';
import { freePort } from './process/free-port.ts';
import { openLogFile, type LogFile, type LogFileOptions } from './process/log-file.ts';
import { refusalWithLogTail } from './process/refusal-with-log-tail.ts';
import { launchVersion } from './process/launch-version.ts';
import { remoteVersion } from './process/remote-version.ts';
import { replicaLabel } from './process/replica-label.ts';
import type { ProcessTiming, ServiceProcess } from './process/service-process.ts';
import { stopOrphan } from './process/stop-orphan.ts';
import { versionKey, type LaunchSpec, type Registry, type RegistryEntry } from './registry/registry.ts';
import type { Notification } from '../protocol/notification.ts';
import { servicePrefix, type ServicePath } from '../protocol/service-path.ts';
import { Severity } from '../protocol/severity.ts';
import { ReplicaRotation } from './gateway/_replica-rotation.ts';
import { checkDeployRequest, type DeployRequest } from './deploy-request.ts';
import { checkRunnable, deploySource } from './deploy-source.ts';
import { mainKillRefusal } from './main-kill-refusal.ts';
import { serviceRecord, startingRecord } from './service-record.ts';
import { createStartingVersions, type StartingVersion } from './starting-versions.ts';
import type { Auth, GatewayRoute, ServiceRecord, Upstream } from './types.ts';

/** Options of {@link createServiceHost}. */
export interface ServiceHostOptions {
  readonly registry: Registry;
  readonly auth: Auth;
  /** The manager's data folder: `services/`, `sources/` and `logs/` go under it. */
  readonly dataDir: string;
  /** The manager's URL as services reach it. */
  readonly managerUrl: string;
  /** The environment services start from (the manager's own settings are left out). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly logger: ConsolaInstance;
  readonly timing?: ProcessTiming;
  readonly logFiles?: LogFileOptions;
  /** Where the manager's own notifications go (a version left crashed). */
  readonly notify?: (notification: Notification) => Promise<void>;
  /** A PostgreSQL server for the services' monitoring, given to each replica as `MVI_DATABASE_URL`. */
  readonly databaseUrl?: string;
}

/** The deployed versions and their processes: what the management routes and the gateway work on. */
export interface ServiceHost {
  /** Every version (`GET /services/`). */
  list(): ServiceRecord[];
  /**
   * Starts a version and answers once it is healthy: 409 exists, 422 invalid or failed start (with
   * the end of its log). The first version of a name whose deploy began is main: while the name has
   * no main, a healthy version waits for the deploys of its name that began before it to answer.
   */
  deploy(request: DeployRequest): Promise<ServiceRecord>;
  /** Makes a version main: 404 unknown. */
  assign(name: string, version: string): Promise<void>;
  /** Stops and forgets one version (403 for main while shadows run or start) or, with `version` undefined, all of a name; 404 unknown. Returns the keys gone. */
  kill(name: string, version: string | undefined): Promise<string[]>;
  /** What a request to `/services/{name}[_{version}]/…` reaches; undefined for an unknown service. Map reads, for the gateway's hot path. */
  route(path: ServicePath): GatewayRoute | undefined;
  /** A version's log. */
  log(name: string, version: string): LogFile | undefined;
  /** Starts, in the background, every version that was running when the manager last stopped. */
  restore(): void;
  /** Stops every process (they stay marked running, to be restored); closes the logs. */
  close(): Promise<void>;
}

/** The processes of a deployed version, and the gateway's rotation over them. */
interface Replicas {
  readonly processes: readonly ServiceProcess[];
  readonly upstream: ReplicaRotation;
}

// `count` ports nothing listens on, all different.
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/** The registry and process runtime of a manager. */
export function createServiceHost(options: ServiceHostOptions): ServiceHost {
  const { registry, auth, logger } = options;
  const running = new Map<string, Replicas>();
  const logs = new Map<string, LogFile>();
  // Versions whose deploy has not answered: a kill stops their start, and the deploy answers 409.
  const pending = createStartingVersions();

  const logOf = (key: string) => {
    let log = logs.get(key);
    if (!log) logs.set(key, (log = openLogFile(join(options.dataDir, 'logs', `${key}.log`), options.logFiles)));
    return log;
  };
  const closeLog = (key: string) => {
    logs.get(key)?.close();
    logs.delete(key);
  };

  // Each replica has a data folder of its own (an embedded store locks its folder); the first
  // one's is the version's folder from before replicas.
  const dataDirOf = (key: string, replica: number) => join(options.dataDir, 'services', replica === 0 ? key : `${key}~${replica}`);

  // A version without processes (crashed for good, or not restored yet): the gateway answers 503.
  const upstream = (entry: RegistryEntry): Upstream => running.get(entry.key)?.upstream ?? new ReplicaRotation(entry.key, entry.name, entry.version, []);
  const record = (entry: RegistryEntry): ServiceRecord => serviceRecord(entry, running.get(entry.key)?.processes);
  // A version still starting is listed as main when it is to be: its name has no main, and no deploy of the name began before its own.
  const mainToBe = (entry: StartingVersion) => !registry.byName(entry.name)?.main && pending.first(entry.name) === entry;

  function crashedForGood(name: string, version: string, replica: number, count: number, all: boolean) {
    const msg = `${replicaLabel(name, version, replica, count)} crashed repeatedly and is left crashed: read its log (mvi logs ${name} ${version}, or GET /services/~logs?name=${name}&version=${version}), then kill and deploy it again`;
    logger.warn(msg);
    // A manager's restart brings a version back while any of its replicas was still running.
    if (all) registry.update(name, version, { running: false }).catch((error: unknown) => logger.error(`Could not record that ${name} ${version} crashed:`, error));
    const notification = { service_name: name, service_version: version, msg, severity: Severity.CRITICAL, dashboard: true, emails: null, timer: 0, timestamp: new Date().toISOString() };
    options.notify?.(notification).catch((error: unknown) => logger.error(`Could not notify that ${name} ${version} crashed:`, error));
  }

  const keep = (key: string, name: string, version: string, processes: readonly ServiceProcess[]): Replicas => {
    const replicas = { processes, upstream: new ReplicaRotation(key, name, version, processes) };
    running.set(key, replicas);
    return replicas;
  };

  // A version that runs elsewhere: watched, never started.
  function follow(name: string, version: string, url: string, retryFirstStart: boolean): Replicas {
    const key = versionKey(name, version);
    const rootPath = servicePrefix(name, version);
    return keep(key, name, version, [remoteVersion({ label: replicaLabel(name, version), origin: url, rootPath, log: logOf(key), probeToken: () => auth.managerToken(), timing: options.timing, retryFirstStart })]);
  }

  async function launch(name: string, version: string, spec: LaunchSpec, token: string, retryFirstStart: boolean): Promise<Replicas> {
    const key = versionKey(name, version);
    const count = spec.replicas ?? 1;
    const ports = spec.port === undefined ? await freePorts(count) : [spec.port];
    const processes: ServiceProcess[] = ports.map((port, replica) => launchVersion({
      name,
      version,
      spec,
      replica,
      databaseUrl: options.databaseUrl,
      port,
      token,
      managerUrl: options.managerUrl,
      managerPublicKey: auth.publicKey,
      env: options.env,
      dataDir: dataDirOf(key, replica),
      log: logOf(key),
      probeToken: () => auth.managerToken(),
      timing: options.timing,
      retryFirstStart,
      onSpawned: (pid) => {
        registry.updatePid(name, version, replica, pid).catch((error: unknown) => logger.error(`Could not record the pid of ${name} ${version}:`, error));
      },
      onCrashed: () => crashedForGood(name, version, replica, count, processes.every((other) => other.status === 'crashed')),
    }));
    return keep(key, name, version, processes);
  }

  const stopAll = (replicas: Replicas | undefined) => Promise.all(replicas?.processes.map((replica) => replica.stop()) ?? []);

  async function deploy(request: DeployRequest): Promise<ServiceRecord> {
    const { name, version } = request;
    const key = versionKey(name, version);
    const count = request.replicas ?? 1;
    checkDeployRequest(request);
    if (registry.get(name, version)) throw httpError(409, `Version ${version} of ${name} exists: kill it first, or deploy another version`);
    if (pending.has(key)) throw httpError(409, `Version ${version} of ${name} is being deployed: wait for that deploy to answer, or kill it to stop its start`);
    const starting = pending.begin(name, version);
    // A kill may come during any await below: after each, a killed start is undone and answers 409.
    const stopIfKilled = async (undo?: () => Promise<void>) => {
      if (!starting.killed) return;
      await undo?.();
      closeLog(key);
      throw httpError(409, `${name} ${version} was killed while it started`);
    };
    try {
      const source = await deploySource(request, key, { dataDir: options.dataDir, log: () => logOf(key), env: options.env }).catch((error: unknown) => {
        closeLog(key);
        throw error;
      });
      await stopIfKilled();
      if (source && !request.command) checkRunnable(source, request);
      const spec: LaunchSpec = { source, command: request.command, env: { ...request.env }, port: request.port, ...(count > 1 ? { replicas: count } : {}), ...(request.url === undefined ? {} : { url: request.url }) };
      if (count > 1 && options.databaseUrl === undefined) {
        logger.warn(`${name} ${version} runs ${count} replicas without MVI_DATABASE_URL: each keeps monitoring data and parameters of its own`);
      }
      // A version elsewhere gets no token from here: nothing would hand it over.
      let token: { readonly token: string; readonly id: string } | undefined;
      let launched: Replicas | undefined;
      const undo = async () => {
        running.delete(key);
        await stopAll(launched);
        if (token) await auth.revoke(token.id);
      };
      if (spec.url === undefined) {
        token = await auth.issueServiceToken(name, version);
        await stopIfKilled(undo);
        launched = await launch(name, version, spec, token.token, false);
      } else launched = follow(name, version, spec.url, false);
      const replicas = launched;
      starting.processes = replicas.processes;
      await stopIfKilled(undo);
      const failed = (await Promise.allSettled(replicas.processes.map((replica) => replica.started))).find((result) => result.status === 'rejected');
      await stopIfKilled(undo);
      if (failed) {
        await undo();
        const refusal = refusalWithLogTail((failed.reason as Error).message, logOf(key));
        closeLog(key);
        throw refusal;
      }
      // The registry makes a version main when its name has none yet: while that is so, the deploys
      // of the name that began earlier go first, since one of them is main unless it fails or is killed.
      if (!registry.byName(name)?.main) {
        await pending.turn(starting);
        await stopIfKilled(undo);
      }
      let entry: RegistryEntry;
      try {
        entry = await registry.add({ name, version, launch: spec, tokenId: token?.id, pids: replicas.processes.map((replica) => replica.pid) });
      } catch (error) {
        await undo();
        throw error;
      }
      // Killed while the registry wrote it: the kill found it in neither place.
      await stopIfKilled(async () => {
        await registry.remove(name, version);
        await undo();
      });
      return record(entry);
    } finally {
      starting.end();
    }
  }

  // Stops the start of the versions of `name` being deployed (`version`, else all): their deploys answer 409.
  async function killStarting(name: string, version: string | undefined): Promise<string[]> {
    const killed = pending.kill(name, version);
    await Promise.all(killed.map(async (entry) => {
      await Promise.all(entry.processes?.map((replica) => replica.stop()) ?? []);
      logger.info(`Killed ${name} ${entry.version} while it started`);
    }));
    return killed.map((entry) => entry.key);
  }

  async function kill(name: string, version: string | undefined): Promise<string[]> {
    const byName = registry.byName(name);
    const starting = byName && version !== undefined && byName.versions.has(version) ? [] : await killStarting(name, version);
    if (starting.length > 0 && (!byName || version !== undefined)) return starting;
    if (!byName) {
      // Only starting versions of the name: the version asked for is not one of them.
      const others = pending.all().filter((entry) => entry.name === name).map((entry) => entry.version);
      throw httpError(404, others.length > 0 ? `No version ${version} of ${name} (starting: ${others.join(', ')})` : `No service named ${name}`);
    }
    const one = version === undefined ? undefined : byName.versions.get(version);
    if (version !== undefined && !one) throw httpError(404, `No version ${version} of ${name}`);
    if (one?.main) {
      // A killed start registers nothing, and main's own deploy may not have answered yet.
      const startingShadows = pending.all().filter((entry) => entry.name === name && entry.version !== one.version && !entry.killed).map((entry) => entry.version);
      const refusal = mainKillRefusal(name, one.version, byName.shadows.length, startingShadows);
      if (refusal) throw refusal;
    }
    const targets = one ? [one] : [...byName.versions.values()];
    // Out of the registry first, so that the gateway sends nothing more to a process that stops.
    for (const entry of targets) await registry.remove(entry.name, entry.version);
    await Promise.all(targets.map(async (entry) => {
      await stopAll(running.get(entry.key));
      running.delete(entry.key);
      closeLog(entry.key);
      if (entry.tokenId) await auth.revoke(entry.tokenId);
      logger.info(`Killed ${entry.name} ${entry.version}`);
    }));
    return [...starting, ...targets.map((entry) => entry.key)];
  }

  async function restoreOne(entry: RegistryEntry): Promise<void> {
    logOf(entry.key);
    if (!entry.running) return;
    const grace = options.timing?.stopGrace ?? 10_000;
    await Promise.all(entry.pids.map(async (pid, replica) => {
      if (pid !== undefined && (await stopOrphan(pid, dataDirOf(entry.key, replica), grace))) {
        logger.warn(`Stopped what the last manager left running of ${entry.name} ${entry.version} (pid ${pid})`);
      }
    }));
    if (entry.launch.url !== undefined) return void follow(entry.name, entry.version, entry.launch.url, true);
    // A new token each start: the last one may have leaked with its process.
    if (entry.tokenId) await auth.revoke(entry.tokenId);
    const token = await auth.issueServiceToken(entry.name, entry.version);
    await registry.update(entry.name, entry.version, { tokenId: token.id });
    await launch(entry.name, entry.version, entry.launch, token.token, true);
  }

  return {
    // The versions being deployed too, so that they can be seen and killed; each listed once.
    list: () => [
      ...registry.entries().map(record),
      ...pending.all().filter(({ name, version }) => !registry.get(name, version)).map((entry) => startingRecord(entry.name, entry.version, mainToBe(entry), entry.processes)),
    ],
    deploy,
    async assign(name, version) {
      if (!registry.get(name, version)) throw httpError(404, `No version ${version} of ${name}`);
      await registry.assign(name, version);
      logger.info(`${name} ${version} is main`);
    },
    kill,
    route({ name, version, prefix }) {
      if (version !== undefined) {
        const entry = registry.get(name, version);
        if (entry) return { target: upstream(entry), shadows: [], prefix };
        // A version still starting is there, answering nothing yet: 503, as while it restarts.
        const key = versionKey(name, version);
        return pending.has(key) ? { target: new ReplicaRotation(key, name, version, []), shadows: [], prefix } : undefined;
      }
      const byName = registry.byName(name);
      return byName?.main && { target: upstream(byName.main), shadows: byName.shadows.map(upstream), prefix };
    },
    log: (name, version) => (registry.get(name, version) || pending.has(versionKey(name, version)) ? logOf(versionKey(name, version)) : undefined),
    restore() {
      for (const entry of registry.entries()) {
        restoreOne(entry).catch((error: unknown) => logger.error(`Could not restart ${entry.name} ${entry.version}:`, error));
      }
    },
    async close() {
      await Promise.all([...running.values()].map(stopAll));
      running.clear();
      for (const log of logs.values()) log.close();
      logs.clear();
    },
  };
}
