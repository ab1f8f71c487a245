export { serveManager, type ManagerOptions, type RunningManager } from './serve-manager.ts';
export type { ServiceRecord } from './types.ts';
