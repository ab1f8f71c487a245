import { createMemoryStore } from '../../lib/monitor/memory-store.ts';
import { createServiceApp, type ServiceAppOptions } from '../../lib/runtime/create-service-app.ts';
import type { ServiceLike } from '../../lib/service/types.ts';
import { capturingLogger } from '../utilities/_capture-logs.ts';

/** A service app on an in-memory store with a clean environment and a quiet logger, whose lines are in `logs`. */
export function serviceApp(service: ServiceLike, options: Partial<ServiceAppOptions> = {}) {
  const { logger, lines } = capturingLogger();
  return { ...createServiceApp(service, { store: createMemoryStore(), env: {}, accessLog: false, logger, ...options }), logs: lines };
}

/** Sends a JSON body. */
export const postJson = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  body: typeof body === 'string' ? body : JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

/** The JSON body of an answer; tests look into it freely, hence the one `any` of the suite. */
export const readJson = (res: Response): Promise<any> => res.json();
