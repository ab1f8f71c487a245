#!/usr/bin/env node
import { consola } from 'consola';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serve } from '../runtime/serve.ts';
import { loadService } from './load-service.ts';

const USAGE = `Usage: mvi <command> [options]

Commands:
  start <file>      serve the service exported by a .ts/.mts/.cts/.js/.mjs/.cjs file or a project folder
  manager           run the manager: deploy, supervise and route services

Options:
  --port <n>        port (start: default PORT, else 8000; manager: 4000)
  --host <address>  address (start: default HOST, else 127.0.0.1; manager: 127.0.0.1)
  --data-dir <dir>  manager: where it keeps its state (default MVI_DATA_DIR, else .mvi)
  --no-auth         manager: no tokens needed, every request is an admin's (only where nobody else can reach it)
  -h, --help        show this help
  -v, --version     show the version`;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-auth': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.version) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    console.log(pkg.version);
    return 0;
  }
  const [command, file] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
    consola.error(`--port must be a whole number from 0 to 65535, got "${values.port}"`);
    return 2;
  }
  if (command === 'manager') {
    // Loaded only here: `mvi start` does not pay for the manager's code.
    const { serveManager } = await import('../manager/serve-manager.ts');
    await serveManager({ port, host: values.host, dataDir: values['data-dir'], auth: !values['no-auth'] });
    return -1;
  }
  if (command !== 'start' || !file) {
    consola.error(command === 'start' ? 'mvi start needs a file: mvi start service.ts' : `Unknown command "${command}"`);
    console.log(USAGE);
    return 2;
  }
  await serve(await loadService(file), { port, host: values.host });
  return -1;
}

// A promise a handler forgot to await must not take the whole service down with it.
process.on('unhandledRejection', (reason) => consola.error('Unhandled promise rejection (the service keeps running):', reason));

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    consola.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
