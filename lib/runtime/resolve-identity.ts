import type { ServiceDescription, ServiceIdentity } from '../service/types.ts';
import { readEnv, type Env } from '../utilities/_env.ts';
import { getServiceName, getServiceRootPath, getServiceVersion } from '../utilities/service-identity.ts';

/**
 * Who a service runs as: the name and version the manager gives in the environment, else the
 * description's; the root path from the environment (`""` when run alone).
 */
export function resolveIdentity(description: ServiceDescription, env: Env): ServiceIdentity {
  const named = readEnv(env, ['MVI_SERVICE_NAME', 'mvi.name', 'daeploy.name']) !== undefined;
  const versioned = readEnv(env, ['MVI_SERVICE_VERSION', 'mvi.version', 'daeploy.version']) !== undefined;
  return {
    name: named ? getServiceName(env) : description.name,
    version: versioned ? getServiceVersion(env) : description.version,
    rootPath: getServiceRootPath(env),
  };
}
