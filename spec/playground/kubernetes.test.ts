import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ENV_NAMES } from '../../lib/protocol/env-names.ts';
import { HEALTH_PATH, MANAGER_ROUTES } from '../../lib/protocol/routes.ts';
import { isServiceName, isServiceVersion } from '../../lib/protocol/service-names.ts';
import { dice } from '../../playground/dice.ts';

// The Kubernetes files of playground/kubernetes/ against the code: what they set is what mvi
// reads, what they probe is what it answers, and their names agree with one another.
const folder = join(import.meta.dirname, '..', '..', 'playground', 'kubernetes');
const read = (file: string) => readFileSync(join(folder, file), 'utf8');

type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; fieldRef?: { fieldPath: string } } };
type Probe = { httpGet: { path: string; port: string } };
type Container = { name: string; command?: string[]; ports: { name: string; containerPort: number }[]; env: EnvVar[]; readinessProbe: Probe; livenessProbe: Probe; volumeMounts?: { name: string; mountPath: string }[] };
type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: {
    replicas?: number;
    strategy?: { type: string };
    selector?: { matchLabels: Record<string, string> } | Record<string, string>;
    template?: { metadata: { labels: Record<string, string> }; spec: { containers: Container[]; volumes?: { name: string }[] } };
    ports?: { name: string; port: number; targetPort: string }[];
    podSelector?: { matchLabels: Record<string, string> };
    ingress?: { from: { podSelector: { matchLabels: Record<string, string> } }[]; ports: { port: string }[] }[];
  };
  stringData?: Record<string, string>;
};

function manifests(file: string): Manifest[] {
  return parseAllDocuments(read(file)).map((document) => {
    expect(document.errors, file).toEqual([]);
    expect(document.warnings, file).toEqual([]);
    return document.toJS() as Manifest;
  });
}

const all = ['secret.yaml', 'service.yaml', 'manager.yaml'].flatMap(manifests);
const one = (kind: string, name: string) => {
  const found = all.filter((manifest) => manifest.kind === kind && manifest.metadata.name === name);
  expect(found, `${kind} ${name}`).toHaveLength(1);
  return found[0]!;
};
const containerOf = (deployment: Manifest) => deployment.spec!.template!.spec.containers[0]!;
const envOf = (container: Container) => new Map(container.env.map((variable) => [variable.name, variable]));
const READ_BY_MVI = new Set<string>(Object.values(ENV_NAMES).flat());

const secret = one('Secret', 'mvi');
const service = one('Deployment', 'dice');
const serviceFront = one('Service', 'dice');
const manager = one('Deployment', 'mvi-manager');
const managerFront = one('Service', 'mvi-manager');
const namespace = one('Namespace', 'mvi').metadata.name;

describe('playground/kubernetes', () => {
  it('parses, and puts everything in the namespace it makes', () => {
    expect(all.map((manifest) => `${manifest.kind} ${manifest.metadata.name}`).sort()).toEqual([
      'Deployment dice', 'Deployment mvi-manager', 'Namespace mvi', 'NetworkPolicy dice-from-manager', 'PersistentVolumeClaim mvi-manager', 'Secret mvi', 'Service dice', 'Service mvi-manager',
    ]);
    for (const manifest of all) if (manifest.kind !== 'Namespace') expect(manifest.metadata.namespace, `${manifest.kind} ${manifest.metadata.name}`).toBe(namespace);
  });

  it('sets only variables mvi reads, from Secret keys that exist (or are optional), on every container', () => {
    for (const container of [containerOf(service), containerOf(manager)]) {
      for (const variable of container.env) {
        expect(READ_BY_MVI, `${container.name}: ${variable.name}`).toContain(variable.name);
        const ref = variable.valueFrom?.secretKeyRef;
        if (ref) expect([ref.name, ref.optional || Object.keys(secret.stringData!).includes(ref.key)], ref.key).toEqual([secret.metadata.name, true]);
      }
    }
  });

  it('runs the service as replicas on the port it names, each with its identity, the database from the Secret and its pod as replica id', () => {
    expect(service.spec!.replicas).toBeGreaterThanOrEqual(2);
    const container = containerOf(service);
    const env = envOf(container);
    const http = container.ports.find((port) => port.name === 'http')!;
    expect(env.get(ENV_NAMES.port[0])?.value).toBe(String(http.containerPort));
    expect(env.get(ENV_NAMES.host[0])?.value).toBe('0.0.0.0');
    expect([env.get(ENV_NAMES.serviceName[0])?.value, env.get(ENV_NAMES.serviceVersion[0])?.value]).toEqual([dice.description.name, dice.description.version]);
    expect(isServiceName(env.get(ENV_NAMES.serviceName[0])?.value) && isServiceVersion(env.get(ENV_NAMES.serviceVersion[0])?.value)).toBe(true);
    expect(env.get(ENV_NAMES.databaseUrl[0])?.valueFrom?.secretKeyRef).toMatchObject({ name: secret.metadata.name, key: 'database-url' });
    expect(env.get(ENV_NAMES.replicaId[0])?.valueFrom?.fieldRef).toEqual({ fieldPath: 'metadata.name' });
    for (const probe of [container.readinessProbe, container.livenessProbe]) expect(probe.httpGet).toEqual({ path: HEALTH_PATH, port: http.name });
    expect(service.spec!.selector).toEqual({ matchLabels: { app: 'dice' } });
    expect(service.spec!.template!.metadata.labels).toMatchObject({ app: 'dice' });
    expect(serviceFront.spec!.selector).toEqual({ app: 'dice' });
    expect(serviceFront.spec!.ports).toEqual([{ name: 'http', port: http.containerPort, targetPort: http.name }]);
  });

  it('points the services at the manager, and lets only the manager reach them', () => {
    const env = envOf(containerOf(service));
    const managerUrl = new URL(env.get(ENV_NAMES.managerUrl[0])!.value!);
    expect(managerUrl.hostname).toBe(`${managerFront.metadata.name}.${namespace}.svc.cluster.local`);
    expect(Number(managerUrl.port)).toBe(managerFront.spec!.ports![0]!.port);
    expect(env.get(ENV_NAMES.managerHostname[0])?.value).toBe(managerUrl.hostname);
    const policy = one('NetworkPolicy', 'dice-from-manager');
    expect(policy.spec!.podSelector!.matchLabels).toEqual({ app: 'dice' });
    expect(policy.spec!.ingress).toEqual([{ from: [{ podSelector: { matchLabels: manager.spec!.template!.metadata.labels } }], ports: [{ port: 'http' }] }]);
  });

  it('runs one manager on its volume, listening where its Service sends, probed on its health route', () => {
    expect([manager.spec!.replicas, manager.spec!.strategy]).toEqual([1, { type: 'Recreate' }]);
    const container = containerOf(manager);
    const http = container.ports.find((port) => port.name === 'http')!;
    const command = container.command!;
    expect(command.slice(0, 2)).toEqual(['./node_modules/.bin/mvi', 'manager']);
    expect(command[command.indexOf('--port') + 1]).toBe(String(http.containerPort));
    expect(command[command.indexOf('--host') + 1]).toBe('0.0.0.0');
    for (const probe of [container.readinessProbe, container.livenessProbe]) expect(probe.httpGet).toEqual({ path: MANAGER_ROUTES.health, port: http.name });
    const env = envOf(container);
    expect(container.volumeMounts).toEqual([{ name: 'data', mountPath: env.get(ENV_NAMES.dataDir[0])!.value }]);
    expect(env.get(ENV_NAMES.adminPassword[0])?.valueFrom?.secretKeyRef?.key).toBe('admin-password');
    expect(managerFront.spec!.ports).toEqual([{ name: 'http', port: http.containerPort, targetPort: http.name }]);
  });

  it("builds an image that listens on the Deployment's port and runs mvi start", () => {
    const dockerfile = read('Dockerfile');
    const port = containerOf(service).ports[0]!.containerPort;
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${port}$`, 'm'));
    const env = new Map([...dockerfile.matchAll(/^ENV (.+)$/gm)].flatMap(([, pairs]) => pairs!.split(' ').map((pair) => pair.split('=') as [string, string])));
    expect([env.get(ENV_NAMES.host[0]), env.get(ENV_NAMES.port[0])]).toEqual(['0.0.0.0', String(port)]);
    for (const name of env.keys()) expect([...READ_BY_MVI, 'NODE_ENV']).toContain(name);
    expect(dockerfile).toMatch(/^CMD \["\.\/node_modules\/\.bin\/mvi", "start", "service\.ts"\]$/m);
  });

  it('registers the Service with the manager by its address in the README, and the main README links here', () => {
    const url = `http://${serviceFront.metadata.name}.${namespace}.svc.cluster.local:${serviceFront.spec!.ports![0]!.port}`;
    expect(read('README.md')).toContain(`"url": "${url}"`);
    expect(readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8')).toContain('(playground/kubernetes/)');
  });
});
