import { defineCommand } from 'citty';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { say } from '../cli-logger.ts';
import { connect } from '../connect.ts';
import { findDeployed } from '../find-deployed.ts';
import { parseWhole } from '../parse-number.ts';
import { withSpinner } from '../spinner.ts';
import { UserError } from '../user-error.ts';

/** `mvi logs <name> [version] [-f] [-n N]`: a version's log (default: the main one's). */
export default defineCommand({
  meta: { name: 'logs', description: 'Print the log of a version (default: the main one), and follow it with -f' },
  args: {
    name: { type: 'positional', required: true, description: 'the service' },
    version: { type: 'positional', required: false, description: 'its version (default: the main one)' },
    follow: { type: 'boolean', alias: 'f', description: 'keep printing new lines until Ctrl-C' },
    tail: { type: 'string', alias: 'n', valueHint: 'lines', description: 'how many of the last lines to print, or all (default 50)' },
  },
  async run({ args }) {
    const tail = args.tail === 'all' ? undefined : parseWhole(args.tail ?? '50', '-n', 0, 10_000_000, 'all');
    const { client } = connect();
    const versions = findDeployed(await withSpinner(`Asking ${client.url}`, () => client.services()), args.name, args.version);
    const version = args.version ?? versions.find((s) => s.main)?.version ?? versions[0]!.version;
    const stop = new AbortController();
    process.once('SIGINT', () => stop.abort());
    const log = await client.logs(args.name, version, { tail, follow: args.follow === true, signal: stop.signal });
    try {
      await pipeline(Readable.fromWeb(log as import('node:stream/web').ReadableStream<Uint8Array>), process.stdout, { end: false });
    } catch (error) {
      // Ctrl-C ends a follow; a reader that went away (| head) ends any.
      if (stop.signal.aborted || (error as { code?: string }).code === 'EPIPE') return;
      // undici says only "terminated" when the manager goes away in the middle of an answer.
      throw new UserError(`The connection to ${client.url} broke in the middle of the log of ${args.name} ${version}: the manager stopped, or the network failed`);
    }
    if (args.follow && !stop.signal.aborted) say.info(`The log of ${args.name} ${version} closed: the version was killed or the manager stopped`);
  },
});
