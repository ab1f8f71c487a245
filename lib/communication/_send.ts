import type { HttpMethod } from '../service/http-methods.ts';
import { isErrorBody } from '../protocol/error-body.ts';
import { mayCarryToken } from '../protocol/token-rule.ts';
import { linkSignals } from './_any-signal.ts';
import { causeChain } from './_cause-chain.ts';
import { serviceCallError } from './service-call-error.ts';

/** Redirects followed within one attempt; a manager needs one or two, fetch would allow 20. */
export const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One request to the manager or through it, as {@link send} performs it. */
export interface OutgoingRequest {
  /** HTTP method. */
  readonly method: HttpMethod;
  /** Absolute URL, query included. */
  readonly url: string;
  /** Request headers in any case; `Authorization` only reaches authorized hosts. */
  readonly headers: Readonly<Record<string, string>>;
  /** JSON text of the body, if any. */
  readonly body: string | undefined;
  /** Hosts the Authorization header may go to. */
  readonly authorizedDomains: readonly string[];
  /** Milliseconds the whole attempt, redirects included, may take. */
  readonly timeout: number | undefined;
  /** Aborts the attempt; it then rejects with the signal's reason. */
  readonly signal: AbortSignal | undefined;
}

function lowerCaseKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
}

// undici takes ~80 ms to import: loaded on the first call, not at every service's start.
let undici: Promise<typeof import('undici').request> | undefined;
const undiciRequest = () => (undici ??= import('undici').then((module) => module.request));

function headerValue(value: string | string[] | undefined): string | null {
  return (Array.isArray(value) ? value[0] : value) ?? null;
}

// JSON answers are parsed, anything else is kept as text; an empty body is undefined.
function parseBody(text: string, contentType: string | null): unknown {
  if (text === '') return undefined;
  if (!contentType || /\bjson\b/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

function innermostMessage(error: unknown): string {
  const messages = causeChain(error).map((cause) => (cause instanceof Error ? cause.message || String((cause as { code?: unknown }).code ?? '') : ''));
  return messages.findLast(Boolean) ?? String(error);
}

function summary(data: unknown): string {
  const shown = isErrorBody(data) ? data.detail : data;
  if (shown === undefined || shown === '') return '';
  const text = typeof shown === 'string' ? shown : JSON.stringify(shown);
  return `: ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}

/**
 * Sends one attempt of `request` and resolves to the parsed body of a 2xx answer; rejects
 * with a ServiceCallError otherwise. It uses undici's `request`, not fetch: fetch silently
 * replaces a `Host` header, and the seed's wire protocol routes on `Host: {manager hostname}`.
 * Redirects are followed here, so that the token rule is ours on every hop and the hops are capped.
 */
export async function send(request: OutgoingRequest): Promise<unknown> {
  const timeout = request.timeout === undefined ? undefined : AbortSignal.timeout(request.timeout);
  const linked = linkSignals(request.signal, timeout);
  try {
    return await sendLinked(request, linked.signal, timeout);
  } finally {
    linked.dispose();
  }
}

async function sendLinked(request: OutgoingRequest, signal: AbortSignal | undefined, timeout: AbortSignal | undefined): Promise<unknown> {
  const headers = lowerCaseKeys(request.headers);
  // The token and the manager's Host name go only where the token may go; any other host gets
  // the Host of its own URL.
  const forOthers = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'authorization' && name !== 'host'));
  const first = new URL(request.url);
  let { method, body } = request;
  let url = first;
  for (let hop = 0; ; hop++) {
    let status: number;
    let data: unknown;
    let location: string | null;
    try {
      const response = await (await undiciRequest())(url.href, { method, headers: mayCarryToken(url, first, request.authorizedDomains) ? headers : forOthers, body, signal });
      status = response.statusCode;
      location = headerValue(response.headers.location);
      data = parseBody(await response.body.text(), headerValue(response.headers['content-type']));
    } catch (error) {
      request.signal?.throwIfAborted();
      const reason = timeout?.aborted ? `timed out after ${request.timeout} ms` : `failed: ${innermostMessage(error)}`;
      throw serviceCallError(reason, { url: url.href, method, cause: error });
    }
    if (status >= 200 && status < 300) return data;
    if (!REDIRECTS.has(status) || location === null) {
      throw serviceCallError(`answered ${status}${summary(data)}`, { status, data, url: url.href, method });
    }
    const next = URL.canParse(location, url.href) ? new URL(location, url) : undefined;
    if (next?.protocol !== 'http:' && next?.protocol !== 'https:') {
      throw serviceCallError(`answered ${status} with a redirect to ${JSON.stringify(location)}, which is not an http(s) URL`, { status, data, url: url.href, method });
    }
    if (hop === MAX_REDIRECTS) {
      throw serviceCallError(`answered ${status}: gave up after ${MAX_REDIRECTS} redirects`, { status, data, url: url.href, method });
    }
    // As fetch does: 303, and 301/302 after a POST, go on as a GET without body.
    if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
    }
    url = next;
  }
}
