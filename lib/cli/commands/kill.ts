import { defineCommand } from 'citty';
import type { ServiceRecord } from '../../manager/types.ts';
import { say } from '../cli-logger.ts';
import { connect } from '../connect.ts';
import { findDeployed } from '../find-deployed.ts';
import { confirm } from '../prompt.ts';
import { printServices } from '../service-table.ts';
import { withSpinner } from '../spinner.ts';
import { UserError } from '../user-error.ts';

// The versions the arguments name, or why they name none.
function chosen(services: readonly ServiceRecord[], name: string | undefined, version: string | undefined, all: boolean): ServiceRecord[] {
  if (name === undefined) {
    if (!all) throw new UserError('Name what to kill: mvi kill <name> <version>, every version of a service with mvi kill <name> --all, everything with mvi kill --all');
    return [...services];
  }
  const versions = findDeployed(services, name, version);
  if (version !== undefined || all || versions.length === 1) return versions;
  throw new UserError(`${name} has ${versions.length} versions (${versions.map((s) => s.version).join(', ')}): name one, or kill them all with --all`);
}

/** `mvi kill [name] [version] [--all] [--yes]`: stops versions and forgets them, after asking. */
export default defineCommand({
  meta: { name: 'kill', description: 'Stop versions of services and remove them from the manager (asks first unless --yes)' },
  args: {
    name: { type: 'positional', required: false, description: 'the service' },
    version: { type: 'positional', required: false, description: 'its version (may be left out when it has one)' },
    all: { type: 'boolean', alias: 'a', description: 'every version of the service; without a name, every service' },
    yes: { type: 'boolean', alias: 'y', description: 'do not ask' },
  },
  async run({ args }) {
    const { client } = connect();
    const services = await withSpinner(`Asking ${client.url}`, () => client.services());
    if (args.name === undefined && args.all && services.length === 0) return say.info('Nothing is deployed: nothing to kill');
    const targets = chosen(services, args.name, args.version, args.all === true);
    if (!args.yes) {
      printServices(targets);
      if (!(await confirm(`Kill ${targets.length === 1 ? 'this version' : `these ${targets.length} versions`}?`))) return say.info('Nothing was killed');
    }
    // Per name, one version or all of them: all at once, for the manager stops the shadows before the main.
    const names = [...new Set(targets.map((s) => s.name))];
    const listed = targets.map((s) => `${s.name} ${s.version}`).join(', ');
    const killed = await withSpinner(`Killing ${listed}`, async () => {
      const keys: string[] = [];
      for (const name of names) {
        const versions = targets.filter((s) => s.name === name);
        keys.push(...(await client.kill(name, versions.length > 1 ? { all: true } : { version: versions[0]!.version })));
      }
      return keys;
    });
    say.success(killed.length === targets.length ? `Killed ${listed}` : `Killed ${killed.length} of ${targets.length}: ${killed.join(', ')}`);
  },
});
