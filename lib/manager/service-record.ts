import type { ProcessStatus, ReplicaRecord, ServiceRecord } from './types.ts';
import type { RegistryEntry } from './registry/registry.ts';
import type { ServiceProcess } from './process/service-process.ts';

// The version's status is the most hopeful of its replicas'.
const HOPE: readonly ProcessStatus[] = ['running', 'unhealthy', 'starting', 'restarting', 'stopped', 'crashed'];

const replicaRecord = (running: ServiceProcess, replica: number): ReplicaRecord => ({ replica, status: running.status, pid: running.pid, port: running.port, started_at: running.startedAt, restarts: running.restarts });

/** How `GET /services/` shows a version: its replicas, and the first one's process at the top as before replicas. */
export function serviceRecord(entry: RegistryEntry, processes: readonly ServiceProcess[] | undefined): ServiceRecord {
  const replicas: ReplicaRecord[] = processes
    ? processes.map(replicaRecord)
    : Array.from({ length: entry.launch.replicas ?? 1 }, (_, replica) => ({ replica, status: entry.running ? 'stopped' : 'crashed', pid: undefined, port: undefined, started_at: undefined, restarts: 0 }));
  const first = replicas[0]!;
  return {
    name: entry.name,
    version: entry.version,
    main: entry.main,
    status: HOPE.find((status) => replicas.some((replica) => replica.status === status)) ?? first.status,
    pid: first.pid,
    port: first.port,
    started_at: first.started_at,
    restarts: replicas.reduce((sum, replica) => sum + replica.restarts, 0),
    replicas,
  };
}

/** How `GET /services/` shows a version whose deploy has not answered yet: starting, with its processes once there are any. */
export function startingRecord(name: string, version: string, main: boolean, processes: readonly ServiceProcess[] | undefined): ServiceRecord {
  const replicas = (processes ?? []).map(replicaRecord);
  const first = replicas[0];
  return { name, version, main, status: 'starting', pid: first?.pid, port: first?.port, started_at: first?.started_at, restarts: 0, replicas };
}
