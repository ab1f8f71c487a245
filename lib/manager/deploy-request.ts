import { httpError } from '../engine/http-error.ts';

/** A deploy, as `POST /services/` asks for it (validated). */
export interface DeployRequest {
  readonly name: string;
  readonly version: string;
  /** A module or project folder on the manager's machine. */
  readonly source?: string;
  /** An argument list to run instead of `mvi start` (cwd: the source or archive folder, if any). */
  readonly command?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** The port a service listens on that cannot be told one. */
  readonly port?: number;
  /** How many processes run the version, the gateway taking them in turn (default 1). */
  readonly replicas?: number;
  /** The origin of a version that runs elsewhere (a Kubernetes Service), instead of anything to run. */
  readonly url?: string;
  /** An uploaded `.tar.gz` project archive. */
  readonly archive?: ReadableStream<Uint8Array>;
}

/**
 * Refuses (422) a deploy whose fields do not go together: a source and an archive, nothing to
 * run, a url with something to run, replicas with a fixed port.
 */
export function checkDeployRequest(request: DeployRequest): void {
  const count = request.replicas ?? 1;
  if (request.source !== undefined && request.archive) throw httpError(422, 'Give either a source path or an archive, not both');
  if (request.url !== undefined && (request.source !== undefined || request.archive || request.command || request.env || request.port !== undefined || request.replicas !== undefined)) {
    throw httpError(422, [{ loc: ['body', 'url'], msg: 'A version at a url runs elsewhere: give it no source, archive, command, env, port or replicas', type: 'value_error' }]);
  }
  if (request.source === undefined && !request.archive && !request.command && request.url === undefined) {
    throw httpError(422, 'Give a source path, an archive or a command to run, or the url of a version that runs elsewhere');
  }
  if (count > 1 && request.port !== undefined) {
    throw httpError(422, [{ loc: ['body', 'replicas'], msg: 'A version with a fixed port runs one replica: each replica listens on a port of its own', type: 'value_error' }]);
  }
}
