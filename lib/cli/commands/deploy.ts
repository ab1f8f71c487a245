import { defineCommand } from 'citty';
import { existsSync, openAsBlob, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DeployFields } from '../../manager/client/manager-client.ts';
import { UPLOAD_LIMIT } from '../../manager/routes/read-deploy-request.ts';
import { MAX_REPLICAS } from '../../protocol/replica-count.ts';
import { isServiceName, isServiceVersion, SERVICE_NAME_RULE, VERSION_RULE } from '../../protocol/service-names.ts';
import { say } from '../cli-logger.ts';
import { connect } from '../connect.ts';
import { isOnThisMachine } from '../manager-url.ts';
import { NON_SOURCE_FOLDERS } from '../non-source-folders.ts';
import { packFolder } from '../pack-folder.ts';
import { parsePort, parseWhole } from '../parse-number.ts';
import { printServices } from '../service-table.ts';
import { withSpinner } from '../spinner.ts';
import { splitCommand } from '../split-command.ts';
import { UserError } from '../user-error.ts';

// `-e K=V` may be given many times, which citty's parser does not keep: read them from the raw
// arguments. `-e K` alone passes this shell's value of K, so secrets stay out of the shell history.
function envOf(rawArgs: string[]): Record<string, string> {
  const { values } = parseArgs({ args: rawArgs, options: { env: { type: 'string', short: 'e', multiple: true } }, strict: false, allowPositionals: true });
  const env: Record<string, string> = {};
  for (const pair of (values.env ?? []).filter((value): value is string => typeof value === 'string')) {
    const at = pair.indexOf('=');
    const key = at < 0 ? pair : pair.slice(0, at);
    if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(key)) throw new UserError(`-e ${pair}: give a variable as NAME=value (or NAME alone to pass this shell's value)`);
    const value = at < 0 ? process.env[key] : pair.slice(at + 1);
    if (value === undefined) throw new UserError(`-e ${key}: ${key} is not set in this shell; give its value as ${key}=value`);
    env[key] = value;
  }
  return env;
}

const size = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** `mvi deploy <name> <version> <path>`: deploys a version and waits until it is healthy. */
export default defineCommand({
  meta: { name: 'deploy', description: 'Deploy a version of a service and wait until it is healthy: the first version of a name is main, later ones shadows' },
  args: {
    name: { type: 'positional', required: true, description: 'the service\'s name (lowercase words joined by underscores)' },
    version: { type: 'positional', required: true, description: 'its semantic version, such as 1.0.0' },
    path: { type: 'positional', required: true, description: 'a service file or project folder (the folder a --command runs in)' },
    env: { type: 'string', alias: 'e', valueHint: 'NAME=value', description: 'an environment variable for the service; repeat for more; NAME alone passes this shell\'s value' },
    command: { type: 'string', valueHint: 'command line', description: 'run this instead of mvi start (a service in another language), such as "python3 service.py"' },
    port: { type: 'string', description: 'the port the service listens on, for one that cannot be told (default: the manager picks one and passes PORT)' },
    replicas: { type: 'string', valueHint: 'N', description: `how many processes of the version to run (1 to ${MAX_REPLICAS})` },
    upload: { type: 'boolean', description: 'upload the folder even to a manager on this machine (always done for one elsewhere); it goes without node_modules, and the manager installs what its package.json asks for' },
  },
  async run({ args, rawArgs }) {
    if (!isServiceName(args.name)) throw new UserError(`Invalid name "${args.name}": ${SERVICE_NAME_RULE}`);
    if (!isServiceVersion(args.version)) throw new UserError(`Invalid version "${args.version}": ${VERSION_RULE}`);
    const path = resolve(args.path);
    if (!existsSync(path)) throw new UserError(`${args.path}: no such file or folder`);
    const replicas = parseWhole(args.replicas, '--replicas', 1, MAX_REPLICAS);
    const fields: DeployFields = {
      name: args.name,
      version: args.version,
      command: args.command === undefined ? undefined : splitCommand(args.command),
      env: envOf(rawArgs),
      port: parsePort(args.port, false),
      ...(replicas === undefined ? {} : { replicas }),
    };
    const { client } = connect();
    const label = `${args.name} ${args.version}`;
    const deployed = (record: { main: boolean }, uploaded = '') => `${label} is running on ${client.url} (${record.main ? 'main' : 'shadow'}${uploaded})`;
    const manifest = statSync(path).isDirectory() && existsSync(join(path, 'package.json'));
    if (!args.upload && isOnThisMachine(client.url)) {
      // A path deploy runs the folder as it is: the manager installs only what is uploaded.
      if (manifest && !existsSync(join(path, 'node_modules'))) say.warn(`${args.path} has a package.json but no node_modules: run npm install there first, or deploy with --upload for the manager to install its dependencies`);
      await withSpinner(`Deploying ${label} from ${relative(process.cwd(), path) || '.'} (until it is healthy)`, () => client.deploy({ ...fields, source: path }), deployed);
    } else {
      if (!statSync(path).isDirectory()) throw new UserError(`${args.path} is a file: an upload is a project folder (mvi init makes one)`);
      const archive = await withSpinner(`Packing ${args.path} (without ${[...NON_SOURCE_FOLDERS].join(', ')})`, () => packFolder(path));
      try {
        if (archive.bytes > UPLOAD_LIMIT) throw new UserError(`${args.path} packs to ${size(archive.bytes)}: a manager takes at most ${size(UPLOAD_LIMIT)}`);
        const blob = await openAsBlob(archive.path, { type: 'application/gzip' });
        const wait = manifest ? 'the manager installs its dependencies, then waits until it is healthy' : 'until it is healthy';
        await withSpinner(`Uploading ${size(archive.bytes)} and deploying ${label} (${wait})`, () => client.deploy(fields, blob), (record) => deployed(record, `, uploaded ${size(archive.bytes)}`));
      } finally {
        await archive.dispose();
      }
    }
    printServices((await client.services()).filter((s) => s.name === args.name));
  },
});
