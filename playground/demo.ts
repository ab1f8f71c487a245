// `npm start`: a manager with the playground deployed and some traffic, to look at in the
// dashboard and drive with the command. PORT (default 4000), MVI_DATA_DIR (default .mvi/demo,
// emptied at each start) and MVI_ADMIN_PASSWORD (default: a new one each start) choose otherwise.
import { consola } from 'consola';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createManagerClient, serveManager, type DeployFields, type ManagerClient } from 'mvi/manager';

const here = import.meta.dirname;
const port = Number(process.env.PORT ?? 4000);
const dataDir = resolve(process.env.MVI_DATA_DIR ?? '.mvi/demo');
const password = process.env.MVI_ADMIN_PASSWORD ?? `demo-${randomBytes(6).toString('hex')}`;

// Flowers of every class, and three near a border, where the shadow 2.0.0 answers `uncertain`.
const FLOWERS = [
  [5.1, 3.5, 1.4, 0.2], [4.9, 3.0, 1.4, 0.2], [5.9, 3.0, 4.2, 1.5], [6.7, 3.0, 5.2, 2.3], [5.7, 2.8, 4.5, 1.3],
  [6.1, 3.0, 4.9, 1.8], [6.9, 3.1, 4.9, 1.5], [6.2, 2.2, 4.5, 1.5], [6.5, 3.0, 5.5, 1.8], [7.7, 2.6, 6.9, 2.3],
].map(([sepal_length, sepal_width, petal_length, petal_width]) => ({ sepal_length, sepal_width, petal_length, petal_width }));

const VERSIONS: readonly (readonly DeployFields[])[] = [
  // In order: the first version of a name is main, the next its shadow.
  [{ name: 'iris', version: '1.0.0', source: join(here, 'model.ts') }, { name: 'iris', version: '2.0.0', source: join(here, 'model-v2.ts') }],
  [{ name: 'dice', version: '1.0.0', source: join(here, 'dice.ts') }],
  [{ name: 'yatzy', version: '1.0.0', source: join(here, 'yatzy.ts') }],
  [{ name: 'sensor_gate', version: '1.0.0', source: join(here, 'notifier.ts') }],
  [{ name: 'heater', version: '1.0.0', source: join(here, 'heater.ts') }],
];

async function traffic(client: ManagerClient, token: string, rounds: number): Promise<void> {
  const call = (path: string, body: unknown) =>
    fetch(`${client.url}/services/${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((answer) => answer.body?.cancel());
  for (let i = 0; i < rounds; i++) {
    await Promise.all([
      call('iris/predict', FLOWERS[i % FLOWERS.length]),
      call('yatzy/play', {}),
      // Now and then a reading over the gate's limit, which it notifies.
      call('sensor_gate/ingest', { sensor: `room_${i % 3}`, value: i % 7 === 6 ? 140 + i : 20 + (i % 5) }),
    ]);
  }
}

await rm(dataDir, { recursive: true, force: true });
const manager = await serveManager({ port, dataDir, env: { ...process.env, MVI_ADMIN_PASSWORD: password }, handleSignals: false }).catch((error: unknown) => {
  consola.error(error instanceof Error ? error.message : error, port === 4000 ? '(PORT=4100 npm start takes another port)' : '');
  process.exit(1);
});
let trickle: NodeJS.Timeout | undefined;
let stopping = false;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  clearInterval(trickle);
  consola.info('Stopping the manager and its services…');
  await manager.close();
  consola.success('Stopped');
  process.exit(code);
};
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

try {
  const anonymous = createManagerClient(manager.url);
  const token = await anonymous.login('admin', password);
  const client = createManagerClient(manager.url, { token });
  consola.start(`Deploying ${VERSIONS.flat().map((v) => `${v.name} ${v.version}`).join(', ')}`);
  await Promise.all(VERSIONS.map(async (versions) => {
    for (const fields of versions) await client.deploy(fields);
  }));
  // Warm enough to make the heater's job notify within seconds.
  await fetch(`${manager.url}/services/heater/~parameters/target`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ value: 30 }) });
  await traffic(client, token, 40);
  trickle = setInterval(() => void traffic(client, token, 1).catch(() => {}), 3000);
  const mvi = 'npm run mvi --';
  consola.box([
    `Dashboard: ${manager.url}/`,
    `Log in as admin, password ${password}`,
    '',
    'From the command line, in another terminal:',
    `  ${mvi} login ${manager.url}`,
    `  ${mvi} ls`,
    `  ${mvi} shadow iris`,
    `  ${mvi} logs heater -f`,
    `  ${mvi} notifications`,
    '',
    'Ctrl-C stops the manager and every service',
  ].join('\n'));
} catch (error) {
  consola.error('The demo could not start:', error instanceof Error ? error.message : error);
  await stop(1);
}
