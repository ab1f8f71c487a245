// Start time of a service, spawn to first 200, as users meet it: the built package (what
// `npm install mvi` gives: compiled mvi, tsx only for the user's .ts file, the shipped PGlite
// template) against running everything from the sources through tsx (what the repository's
// `mvi` command did before the build). Breakdown: node alone, importing mvi, the first answer of
// an entrypoint, and the store open (the first answer of /~monitor, which waits for it).
// Run: npm run build && node --conditions=mvi-source --import tsx bench/start.ts
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../lib/manager/process/free-port.ts';

const ROUNDS = 5;
const PORT = await freePort();
const url = `http://127.0.0.1:${PORT}`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const env = (dataDir: string, tmp: string) => ({ ...process.env, NODE_OPTIONS: '', NODE_ENV: 'production', MVI_DATA_DIR: dataDir, TMPDIR: tmp });

if (!existsSync('dist/cli/main.js')) throw new Error('Run `npm run build` first: this compares the built package with the sources');

const modes = {
  built: { command: ['dist/cli/main.js'], imports: ['--input-type=module', '-e', "await import('mvi/runtime'); await import('mvi')"] },
  sources: {
    command: ['--conditions=mvi-source', '--import', 'tsx', 'lib/cli/main.ts'],
    imports: ['--conditions=mvi-source', '--import', 'tsx', '--input-type=module', '-e', "await import('mvi/runtime'); await import('mvi')"],
  },
} as const;

function timeExit(args: readonly string[]): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: 'ignore', env: { ...process.env, NODE_OPTIONS: '' } });
  return new Promise((resolve) => child.once('exit', () => resolve(performance.now() - t0)));
}

async function until(path: string, init?: RequestInit): Promise<void> {
  while ((await fetch(`${url}${path}`, init).catch(() => undefined))?.status !== 200) await new Promise((r) => setTimeout(r, 5));
}

/** Spawns `mvi start playground/hello.ts` and times its first 200s. */
async function start(command: readonly string[], dataDir: string, tmp: string) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...command, 'start', 'playground/hello.ts', '--port', String(PORT)], { stdio: ['ignore', 'pipe', 'pipe'], env: env(dataDir, tmp) });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  await until('/hello', { method: 'POST', body: '{"name":"Bob"}' });
  const firstAnswer = performance.now() - t0;
  await until('/~monitor?variables=hello_request');
  const storeOpen = performance.now() - t0;
  await new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
  return { firstAnswer, storeOpen, builtTemplate: output.includes('Preparing the embedded monitoring database') };
}

const rows: Record<string, Record<string, string>> = {};
for (const [mode, { command, imports }] of Object.entries(modes)) {
  const samples = { node: [] as number[], imports: [] as number[], first: [] as number[], firstStore: [] as number[], restart: [] as number[], restartStore: [] as number[] };
  let initdb = 0;
  for (let round = 0; round < ROUNDS; round++) {
    samples.node.push(await timeExit(['-e', '0']));
    samples.imports.push(await timeExit(imports));
    // A new data folder and an empty temporary folder: a fresh machine but for node_modules.
    const dataDir = mkdtempSync(join(tmpdir(), 'mvi-bench-start-'));
    const tmp = mkdtempSync(join(tmpdir(), 'mvi-bench-tmp-'));
    const first = await start(command, dataDir, tmp);
    if (first.builtTemplate) initdb++;
    samples.first.push(first.firstAnswer);
    samples.firstStore.push(first.storeOpen);
    const again = await start(command, dataDir, tmp);
    samples.restart.push(again.firstAnswer);
    samples.restartStore.push(again.storeOpen);
  }
  rows[mode] = {
    'node -e 0': `${median(samples.node).toFixed(0)} ms`,
    'node + import mvi': `${median(samples.imports).toFixed(0)} ms`,
    'first start: first 200': `${median(samples.first).toFixed(0)} ms`,
    'first start: store open': `${median(samples.firstStore).toFixed(0)} ms`,
    'restart: first 200': `${median(samples.restart).toFixed(0)} ms`,
    'restart: store open': `${median(samples.restartStore).toFixed(0)} ms`,
    'template made on this machine': `${initdb} of ${ROUNDS}`,
  };
}
// Before the package shipped its template, the very first start on a machine made one first.
const initdbMs = await timeExit(['--conditions=mvi-source', '--import', 'tsx', '--input-type=module', '-e', "await (await import('./lib/monitor/pglite-template.ts')).makePgliteTemplate()"]);
rows.sources!['very first start on a machine: + initdb'] = `${initdbMs.toFixed(0)} ms`;
rows.built!['very first start on a machine: + initdb'] = '0 ms (template shipped)';
// One row a measure, one column a mode: reads as a before/after table.
const measures = Object.keys(rows.built!);
console.table(Object.fromEntries(measures.map((measure) => [measure, { built: rows.built![measure], sources: rows.sources![measure] }])));
console.log('targets: restart <= 1000 ms, first start <= 1500 ms (both spawn to first 200)');
