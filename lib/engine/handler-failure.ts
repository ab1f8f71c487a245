import { isServiceCallError } from '../communication/service-call-error.ts';
import { httpError, isHttpError, type HttpError } from './http-error.ts';

/**
 * The answer to an error a handler threw: its own HttpError as it is; a failed call to another
 * service as 502 (the upstream's fault); anything else as 500. Internals go in the body only
 * when `expose` is set (development).
 */
export function toHandlerFailure(error: unknown, expose: boolean): HttpError {
  if (isHttpError(error)) return error;
  if (isServiceCallError(error)) {
    return httpError(502, 'A call to another service failed', {
      cause: error,
      extra: expose ? { error: error.message, upstream: { status: error.status, data: error.data } } : {},
    });
  }
  return httpError(500, 'Internal Server Error', {
    cause: error,
    extra: expose ? { error: String((error as Error)?.message ?? error) } : {},
  });
}
