export { serveManager, type ManagerOptions, type RunningManager } from './serve-manager.ts';
export { createManagerClient, type DeployFields, type KillTarget, type ManagerClient, type ManagerClientOptions } from './client/manager-client.ts';
export { ManagerError, ManagerUnreachableError } from './client/manager-error.ts';
export type { NotificationEntry, ProcessStatus, ReplicaRecord, ServiceRecord, ShadowReport, TokenInfo, UserInfo } from './types.ts';
