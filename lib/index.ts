export { defineService } from './service/define-service.ts';
export type {
  EntrypointOptions,
  JobOptions,
  MonitorOptions,
  ParameterOptions,
  ServiceBuilder,
  ServiceInfo,
} from './service/define-service.ts';
export { HTTP_METHODS, type HttpMethod } from './service/http-methods.ts';
export type * from './service/types.ts';
export { Severity } from './protocol/severity.ts';
export type { CallOptions, Notification, NotifyOptions } from './communication/types.ts';
export { httpError, isHttpError, type HttpError } from './engine/http-error.ts';
export type { ValidationDetail } from './protocol/error-body.ts';
