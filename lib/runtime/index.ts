export { serve, type RunningService, type ServeOptions } from './serve.ts';
export { createServiceApp, type ServiceApp, type ServiceAppOptions } from './create-service-app.ts';
export { createApp, type AppOptions } from './create-app.ts';
export type { NodeFront } from './_listen.ts';
export { toOpenApi } from './openapi.ts';
export type { Engine, InvokeResult } from '../engine/create-engine.ts';
