export type { Env } from './_env.ts';
export { getAuthorizedDomains, isAuthorizedUrl } from './authorized-domains.ts';
export { getDbCleanInterval } from './db-clean-interval.ts';
export { getDbTableLimit } from './db-table-limit.ts';
export { getHeaders } from './headers.ts';
export { getManagerHostname, getManagerUrl } from './manager-location.ts';
export { getServiceAccessToken } from './service-access-token.ts';
export { getServiceName, getServiceRootPath, getServiceVersion } from './service-identity.ts';
export { getDataDir, getDatabaseUrl } from './storage-location.ts';
