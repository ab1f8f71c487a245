import { defineCommand } from 'citty';
import { parsePort } from '../parse-number.ts';

/** `mvi start <target>`: serves one service on a port of its own. */
export default defineCommand({
  meta: { name: 'start', description: 'Serve the service of a .ts, .mts, .cts, .js, .mjs or .cjs file, or of a project folder' },
  args: {
    target: { type: 'positional', required: true, description: 'the file whose default (or only) export is a service, or a project folder (package.json main, else service.ts, index.ts…)' },
    port: { type: 'string', description: 'port (default PORT, else 8000; 0 picks a free one)' },
    host: { type: 'string', description: 'address to listen on (default HOST, else 127.0.0.1)' },
  },
  async run({ args }) {
    const port = parsePort(args.port);
    // Loaded here: the other commands do not pay for the runtime.
    const [{ serve }, { loadService }] = await Promise.all([import('../../runtime/serve.ts'), import('../load-service.ts')]);
    await serve(await loadService(args.target), { port, host: args.host });
  },
});
