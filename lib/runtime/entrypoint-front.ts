import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendNodeResponse } from 'srvx/node';
import type { SignalSource } from '../engine/create-context.ts';
import type { Engine } from '../engine/create-engine.ts';
import type { EntrypointDefinition } from '../service/types.ts';
import { logAccess } from './access-log.ts';
import { corsOn, type AppOptions } from './create-app.ts';
import { reasonPhrase } from './fast-response.ts';
import { answerJson, errorResponse } from './json-response.ts';
import type { NodeFront } from './_listen.ts';
import { managerTokenGate, type TokenGate } from './manager-token-check.ts';
import { parseJsonBody, readNodeBody } from './read-json-body.ts';
import { answeredPrefixes, DEFAULT_BODY_LIMIT } from './route-context.ts';

/** One path the front answers. */
interface FrontRoute {
  readonly entrypoint: EntrypointDefinition;
  readonly observe: (status: number, seconds: number) => void;
  readonly logged: boolean;
}

// `ctx.signal` of a request on Node's objects, made only when a handler reads it: aborted when
// the client goes away before its answer, as srvx's request signal is. A class, as an object
// literal with a getter costs ~0.4 µs to make, on every request.
class NodeSignalSource implements SignalSource {
  #controller: AbortController | undefined;
  constructor(
    private readonly request: IncomingMessage,
    private readonly response: ServerResponse,
  ) {}

  get signal(): AbortSignal {
    if (this.#controller) return this.#controller.signal;
    const made = (this.#controller = new AbortController());
    const { request, response } = this;
    const onClose = () => {
      if (request.errored) made.abort(request.errored);
      else if (!response.writableEnded) made.abort(new DOMException('The request was aborted.', 'AbortError'));
    };
    response.once('close', onClose);
    if (response.destroyed) onClose();
    return made.signal;
  }
}

// Node keeps the first of repeated Authorization headers; srvx, and so the h3 app, joins them,
// which no token matches: the front reads them as the app does.
function authorizationOf(request: IncomingMessage): string | undefined {
  const raw = request.rawHeaders;
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]!.length === 13 && raw[i]!.toLowerCase() === 'authorization') value = value === undefined ? raw[i + 1] : `${value}, ${raw[i + 1]}`;
  }
  return value;
}

function writeJson(response: ServerResponse, status: number, json: string): void {
  response.writeHead(status, reasonPhrase(status), { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
  response.end(json);
}

/**
 * The entrypoints that read a body (every method but GET), answered on Node's own request and
 * response ahead of srvx and h3, which cost an entrypoint a tenth of its CPU (bench/http.ts):
 * the same answers as their h3 routes (entrypoint-routes.ts), with the same token check, body
 * limit, metrics and access log. Everything else goes on to the h3 app: GET entrypoints,
 * another method (405), a path written another way. None with CORS on, which h3 answers.
 */
export function entrypointFront(engine: Engine, options: AppOptions = {}): NodeFront | undefined {
  if (corsOn(options.cors)) return undefined;
  const prefixes = answeredPrefixes(engine);
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const gate: TokenGate | undefined = options.managerPublicKey ? managerTokenGate({ publicKey: options.managerPublicKey, prefixes }) : undefined;
  const routes = new Map<string, FrontRoute>();
  for (const entrypoint of Object.values(engine.description.entrypoints)) {
    if (entrypoint.method === 'GET') continue;
    const route = { entrypoint, observe: engine.metrics.entrypoint(entrypoint.name).observe, logged: options.accessLog !== false && entrypoint.httpLogs };
    for (const prefix of prefixes) routes.set(`${prefix}/${entrypoint.name}`, route);
  }
  if (routes.size === 0) return undefined;

  // An answer made as a Response (an error, a refusal), sent as srvx sends one: an answer whose
  // headers Node refuses (a line break in an httpError's header) is logged and becomes an empty 500,
  // the connection kept. Not awaited: the call is counted when answered, not once flushed.
  const send = (response: ServerResponse, answer: Response): number => {
    // Read first: once sent, srvx's FastResponse says 200 (sending lets go of its init).
    const { status } = answer;
    sendNodeResponse(response, answer).catch((error: unknown) => {
      engine.log.error('Could not send the answer:', error);
      if (response.writableEnded) return;
      if (response.headersSent) return void response.destroy();
      response.statusCode = 500;
      // Left by the writeHead() that threw; empty, Node says `Internal Server Error`.
      response.statusMessage = '';
      response.end();
    });
    return status;
  };

  // The status answered, or undefined when the client went away before its body was read: no call was made.
  async function answer(request: IncomingMessage, response: ServerResponse, path: string, { entrypoint, observe }: FrontRoute): Promise<number | undefined> {
    if (gate) {
      const checked = gate(path, authorizationOf(request));
      const refusal = checked instanceof Promise ? await checked : checked;
      if (refusal) return send(response, refusal);
    }
    const started = performance.now();
    let raw: string | undefined;
    let status: number;
    try {
      raw = await readNodeBody(request, bodyLimit);
      const body = parseJsonBody(raw);
      const result = await engine.invoke(entrypoint.name, body.value, { rawBody: body.raw, source: 'body', signalSource: new NodeSignalSource(request, response) });
      status = result.status;
      writeJson(response, status, answerJson(result));
    } catch (error) {
      if (raw === undefined && request.destroyed) return undefined;
      status = send(response, errorResponse(error, engine.log));
    }
    observe(status, (performance.now() - started) / 1000);
    return status;
  }

  return (request, response) => {
    const url = request.url ?? '';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    const route = routes.get(path);
    if (!route || request.method !== route.entrypoint.method) return false;
    const started = route.logged ? performance.now() : 0;
    answer(request, response, path, route)
      .then((status) => {
        if (status !== undefined && route.logged) logAccess(engine.log, request.method!, path, status, started);
      })
      .catch(() => response.destroy());
    return true;
  };
}
