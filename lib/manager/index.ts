export { serveManager, type ManagerOptions, type RunningManager } from './serve-manager.ts';
export type { ProcessStatus, ReplicaRecord, ServiceRecord } from './types.ts';
