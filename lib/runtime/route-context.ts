import type { ConsolaInstance } from 'consola';
import type { H3, H3Event } from 'h3';
import type { Engine } from '../engine/create-engine.ts';
import { httpError } from '../engine/http-error.ts';
import { errorResponse } from './json-response.ts';

/** What every group of routes needs. */
export interface RouteContext {
  /** The app to register on. */
  readonly app: H3;
  /** The running service. */
  readonly engine: Engine;
  /** Path prefixes to answer under: `""`, and the root path when there is one. */
  readonly prefixes: readonly string[];
  /** Largest request body in bytes. */
  readonly bodyLimit: number;
}

/** Largest request body in bytes unless told otherwise: 1 MiB. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** The path prefixes a service answers under: `""`, and its root path when it has one. */
export const answeredPrefixes = (engine: Engine): readonly string[] => (engine.identity.rootPath ? ['', engine.identity.rootPath] : ['']);

/** Handlers of one path, by HTTP method. */
export type MethodHandlers = Partial<Record<string, (event: H3Event) => Response | Promise<Response>>>;

/** Hears of every answer of a route: its status and the seconds it took. */
export type AnswerObserver = (status: number, seconds: number) => void;

/**
 * One h3 handler dispatching by method: a known path with another method answers 405 with
 * `Allow` (h3 alone would answer 404), a GET route answers HEAD too, and every error becomes a
 * JSON answer, which `observe` hears of like any other.
 */
export function methodDispatcher(handlers: MethodHandlers, log: ConsolaInstance, observe?: AnswerObserver): (event: H3Event) => Promise<Response> {
  const methods = Object.keys(handlers);
  // A GET route answers HEAD too (below), so `Allow` says so.
  const allow = (handlers.GET && !handlers.HEAD ? [...methods, 'HEAD'] : methods).join(', ');
  return async (event) => {
    const started = observe ? performance.now() : 0;
    let response: Response;
    try {
      const method = event.req.method === 'HEAD' && !handlers.HEAD ? 'GET' : event.req.method;
      const run = handlers[method];
      if (!run) throw httpError(405, 'Method Not Allowed', { headers: { Allow: allow } });
      response = await run(event);
    } catch (error) {
      response = errorResponse(error, log);
    }
    observe?.(response.status, (performance.now() - started) / 1000);
    return response;
  };
}

/** Registers `path` under every prefix of `context`, dispatching by method ({@link methodDispatcher}). */
export function route(context: RouteContext, path: string, handlers: MethodHandlers, observe?: AnswerObserver): void {
  const handler = methodDispatcher(handlers, context.engine.log, observe);
  for (const prefix of context.prefixes) context.app.all(`${prefix}${path}`, handler);
}
