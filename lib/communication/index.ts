export { Severity } from '../protocol/severity.ts';
export type { CallOptions, Notification, Notifier, NotifyOptions, ServiceCaller, ServiceCallRequest } from './types.ts';
export { callService, createServiceCaller, type ServiceCallerOptions } from './service-caller.ts';
export { isServiceCallError, type ServiceCallError } from './service-call-error.ts';
export { notify, postNotification, type NotifyCallOptions } from './notify.ts';
export { clientFor, serviceClient, type ServiceClient } from './service-client.ts';
