import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveServiceFile } from '../cli/load-service.ts';
import { httpError } from '../engine/http-error.ts';
import type { Env } from '../utilities/_env.ts';
import type { DeployRequest } from './deploy-request.ts';
import { installDependencies } from './process/install-dependencies.ts';
import type { LogFile } from './process/log-file.ts';
import { unpackArchive } from './process/unpack-archive.ts';

/** Where a deploy's code goes and what its installs write to. */
export interface DeploySourceOptions {
  /** The manager's data folder: an archive is unpacked under its `sources/<key>`. */
  readonly dataDir: string;
  /** The version's log, which an archive's `npm install` writes to (opened only then). */
  log(): LogFile;
  readonly env: Env;
}

/**
 * The source of a deploy as an absolute path that exists (an archive is unpacked first and its
 * dependencies installed); undefined for a command or a version elsewhere. 422 for a path that
 * is not on the manager's machine.
 */
export async function deploySource(request: DeployRequest, key: string, options: DeploySourceOptions): Promise<string | undefined> {
  if (request.archive) {
    const folder = await unpackArchive(request.archive, join(options.dataDir, 'sources', key));
    await installDependencies(folder, { label: `${request.name} ${request.version}`, log: options.log(), env: options.env });
    return folder;
  }
  if (request.source === undefined) return undefined;
  const source = resolve(request.source);
  if (!existsSync(source)) throw httpError(422, [{ loc: ['body', 'source'], msg: `${request.source}: no such file or folder on the manager's machine`, type: 'value_error' }]);
  return source;
}

/** Checks that mvi can run `source` as a service (422 naming the field it came from, else). */
export function checkRunnable(source: string, request: DeployRequest): void {
  try {
    resolveServiceFile(source);
  } catch (error) {
    throw httpError(422, [{ loc: ['body', request.archive ? 'file' : 'source'], msg: (error as Error).message, type: 'value_error' }]);
  }
}
