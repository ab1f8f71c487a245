import { expect, test } from 'vitest';
import { ENV_NAMES } from '../../lib/protocol/env-names.ts';
import { serviceEnvironment } from '../../lib/protocol/service-environment.ts';
import { getAuthorizedDomains, getDataDir, getHeaders, getManagerHostname, getManagerUrl, getServiceAccessToken, getServiceName, getServiceRootPath, getServiceVersion } from 'mvi/utilities';

const options = {
  name: 'dice',
  version: '1.2.0',
  token: 'service-token',
  managerUrl: 'http://127.0.0.1:4000',
  managerHostname: 'mvi.example.com',
  managerPublicKey: '{"kty":"OKP","crv":"Ed25519","x":"AAAA"}',
  dataDir: '/var/mvi/services/dice_1.2.0',
  port: 41234,
};

test('writes the MVI_* names, the seed\'s mvi.* and daeploy\'s names, and HOST=127.0.0.1', () => {
  expect(serviceEnvironment(options)).toStrictEqual({
    MVI_SERVICE_NAME: 'dice',
    'mvi.name': 'dice',
    'daeploy.name': 'dice',
    MVI_SERVICE_VERSION: '1.2.0',
    'mvi.version': '1.2.0',
    'daeploy.version': '1.2.0',
    MVI_SERVICE_TOKEN: 'service-token',
    'mvi.auth': 'service-token',
    'daeploy.auth': 'service-token',
    MVI_MANAGER_URL: 'http://127.0.0.1:4000',
    DAEPLOY_MANAGER_URL: 'http://127.0.0.1:4000',
    MVI_MANAGER_HOSTNAME: 'mvi.example.com',
    DAEPLOY_MANAGER_HOSTNAME: 'mvi.example.com',
    MVI_MANAGER_PUBLIC_KEY: options.managerPublicKey,
    MVI_DATA_DIR: '/var/mvi/services/dice_1.2.0',
    PORT: '41234',
    HOST: '127.0.0.1',
  });
});

test('is read back by the service side exactly as written', () => {
  const env = serviceEnvironment(options);
  expect({
    name: getServiceName(env),
    version: getServiceVersion(env),
    rootPath: getServiceRootPath(env),
    token: getServiceAccessToken(env),
    managerUrl: getManagerUrl(env),
    hostname: getManagerHostname(env),
    dataDir: getDataDir(env),
    headers: getHeaders(env),
    domains: getAuthorizedDomains(env),
  }).toStrictEqual({
    name: 'dice',
    version: '1.2.0',
    rootPath: '/services/dice_1.2.0',
    token: 'service-token',
    managerUrl: 'http://127.0.0.1:4000',
    hostname: 'mvi.example.com',
    dataDir: '/var/mvi/services/dice_1.2.0',
    headers: { Authorization: 'Bearer service-token', 'Content-Type': 'application/json', Host: 'mvi.example.com' },
    domains: ['mvi.example.com', '127.0.0.1:4000'],
  });
});

test('a seed service, reading only its own names, finds its identity and token', () => {
  const env = serviceEnvironment(options);
  expect([env['daeploy.name'], env['daeploy.version'], env['daeploy.auth'], env.DAEPLOY_MANAGER_URL]).toStrictEqual(['dice', '1.2.0', 'service-token', 'http://127.0.0.1:4000']);
});

test('names each variable once across the lists', () => {
  const names = Object.values(ENV_NAMES).flat();
  expect(new Set(names).size).toBe(names.length);
});
