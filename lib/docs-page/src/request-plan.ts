import type { OperationDoc } from './openapi-model.ts';

/** A request ready to send, and the same as a curl command. */
export interface RequestPlan {
  readonly url: URL;
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly curl: string;
}

const shellQuote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;

/**
 * The request `operation` makes with these parameter values (each a list: a repeated query
 * parameter, or one value) and this JSON body, under `root`, the service's root URL. A path
 * relative to `root` keeps whatever prefix a gateway put in front of the service.
 */
export function planRequest(root: URL, operation: OperationDoc, values: ReadonlyMap<string, readonly string[]>, body?: string): RequestPlan {
  const path = operation.path.replace(/^\//, '').replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(values.get(name)?.[0] ?? ''));
  const url = new URL(path, root);
  for (const parameter of operation.parameters) {
    if (parameter.location !== 'query') continue;
    for (const value of values.get(parameter.name) ?? []) url.searchParams.append(parameter.name, value);
  }
  const method = operation.method.toUpperCase();
  const headers: Record<string, string> = body === undefined ? {} : { 'Content-Type': 'application/json' };
  // One line, so that it pastes into any shell.
  const oneLine = body?.replace(/\s*\n\s*/g, ' ');
  // A browser sends the manager's session; curl needs a token (`mvi token` prints one), from the
  // shell's variable, so that none is written into the page.
  const curl = [
    `curl -X ${method} ${shellQuote(url.href)}`,
    ...(operation.bearer ? ['-H "Authorization: Bearer $MVI_TOKEN"'] : []),
    ...(oneLine === undefined ? [] : [`-H 'Content-Type: application/json' -d ${shellQuote(oneLine)}`]),
  ].join(' ');
  return { url, method, headers, ...(body === undefined ? {} : { body }), curl };
}
