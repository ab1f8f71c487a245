import type { ServiceRecord } from '../manager/types.ts';
import { UserError } from './user-error.ts';

/**
 * The versions of service `name` in the manager's list `services`, only `version` when given; a
 * `UserError` when there are none, naming the versions it has.
 */
export function findDeployed(services: readonly ServiceRecord[], name: string, version?: string): ServiceRecord[] {
  const versions = services.filter((s) => s.name === name);
  if (versions.length === 0) throw new UserError(`No service named ${name} is deployed`);
  if (version === undefined) return versions;
  const one = versions.filter((s) => s.version === version);
  if (one.length === 0) throw new UserError(`No version ${version} of ${name} is deployed (it has ${versions.map((s) => s.version).join(', ')})`);
  return one;
}
