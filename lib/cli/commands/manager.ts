import { defineCommand } from 'citty';
import { parsePort } from '../parse-number.ts';

/** `mvi manager`: runs the manager in the foreground until SIGINT or SIGTERM. */
export default defineCommand({
  meta: { name: 'manager', description: 'Run the manager: deploy, supervise and route services, with auth and notifications' },
  args: {
    port: { type: 'string', description: 'port (default PORT, else 4000; 0 picks a free one)' },
    host: { type: 'string', description: 'address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)' },
    'data-dir': { type: 'string', valueHint: 'folder', description: 'where it keeps its state (default MVI_DATA_DIR, else .mvi)' },
    auth: { type: 'boolean', default: true, description: 'check tokens on every route', negativeDescription: 'no tokens needed: every request is an admin\'s (only where nobody else can reach it)' },
  },
  async run({ args }) {
    const port = parsePort(args.port);
    // Loaded only here: `mvi start` does not pay for the manager's code.
    const { serveManager } = await import('../../manager/serve-manager.ts');
    await serveManager({ port, host: args.host, dataDir: args['data-dir'], auth: args.auth });
  },
});
