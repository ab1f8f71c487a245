import type { ServiceDescription, ServiceIdentity } from '../service/types.ts';
import type { Env } from '../utilities/_env.ts';
import { getServiceName, getServiceRootPath, getServiceVersion } from '../utilities/service-identity.ts';

/**
 * Who a service runs as: the name and version the manager gives in the environment, else the
 * description's; the root path from the environment (`""` when run alone).
 */
export function resolveIdentity(description: ServiceDescription, env: Env): ServiceIdentity {
  return {
    name: getServiceName(env, description.name),
    version: getServiceVersion(env, description.version),
    rootPath: getServiceRootPath(env),
  };
}
