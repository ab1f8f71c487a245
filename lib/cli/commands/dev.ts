import { defineCommand } from 'citty';
import { watch } from 'chokidar';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { say } from '../cli-logger.ts';
import { NON_SOURCE_FOLDERS } from '../non-source-folders.ts';
import { parsePort } from '../parse-number.ts';
import { UserError } from '../user-error.ts';

// Editors write a file in several steps: one restart for all of them.
const SETTLE_MS = 150;

/** `mvi dev <target>`: `mvi start` that restarts whenever a file of the service's folder changes. */
export default defineCommand({
  meta: { name: 'dev', description: 'Serve a service like mvi start, restarting it whenever a file of its folder changes' },
  args: {
    target: { type: 'positional', required: true, description: 'the service file or project folder, as for mvi start' },
    port: { type: 'string', description: 'port (default PORT, else 8000)' },
    host: { type: 'string', description: 'address to listen on (default HOST, else 127.0.0.1)' },
  },
  async run({ args }) {
    parsePort(args.port);
    const target = resolve(args.target);
    if (!existsSync(target)) throw new UserError(`${args.target}: no such file or folder`);
    const folder = statSync(target).isDirectory() ? target : dirname(target);
    const dataDir = resolve(process.env.MVI_DATA_DIR ?? '.mvi');
    // The same mvi, run the same way (the loader flags of a run from the sources included).
    const start = [...process.execArgv, process.argv[1]!, 'start', args.target, ...(args.port ? ['--port', args.port] : []), ...(args.host ? ['--host', args.host] : [])];

    let child: ChildProcess | undefined;
    let exited: Promise<void> = Promise.resolve();
    let stopping = false;
    const launch = () => {
      const running = spawn(process.execPath, start, { stdio: 'inherit' });
      child = running;
      exited = new Promise((done) => running.once('exit', (code, signal) => {
        if (child === running) {
          child = undefined;
          if (!stopping) say.warn(`The service exited (${signal ?? `code ${code}`}): waiting for a change to start it again`);
        }
        done();
      }));
    };
    const stop = async () => {
      const running = child;
      child = undefined;
      running?.kill('SIGTERM');
      await exited;
    };

    let timer: NodeJS.Timeout | undefined;
    let changed = '';
    let restarting = Promise.resolve();
    const ignored = (path: string) =>
      relative(folder, path).split(sep).some((part) => NON_SOURCE_FOLDERS.has(part)) || path === dataDir || path.startsWith(`${dataDir}${sep}`);
    // chokidar, not fs.watch: Node 20's recursive fs.watch on Linux watches each file, and loses
    // one that an editor saved by renaming a new file over it (sed -i, many editors): every
    // later change of that file went unseen.
    const watcher = watch(folder, { ignored, ignoreInitial: true, ignorePermissionErrors: true });
    // Out of inotify watches (ENOSPC), say: the service runs on, unwatched, and the user hears why.
    watcher.on('error', (error) => say.warn(`Watching ${relative(process.cwd(), folder) || '.'} failed: ${error instanceof Error ? error.message : String(error)}`));
    watcher.on('all', (_event, path) => {
      changed = relative(process.cwd(), path) || path;
      clearTimeout(timer);
      timer = setTimeout(() => {
        restarting = restarting.then(async () => {
          say.info(`${changed} changed: restarting`);
          await stop();
          if (!stopping) launch();
        });
      }, SETTLE_MS);
    });

    const quit = async () => {
      if (stopping) return;
      stopping = true;
      await watcher.close();
      clearTimeout(timer);
      await restarting;
      await stop();
      process.exit(0);
    };
    process.once('SIGINT', quit);
    process.once('SIGTERM', quit);
    say.info(`Watching ${relative(process.cwd(), folder) || '.'} for changes`);
    launch();
  },
});
