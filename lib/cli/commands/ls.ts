import { defineCommand } from 'citty';
import { say } from '../cli-logger.ts';
import { connect } from '../connect.ts';
import { printServices } from '../service-table.ts';
import { withSpinner } from '../spinner.ts';
import { UserError } from '../user-error.ts';

/** `mvi ls [name] [version]`: the deployed versions. */
export default defineCommand({
  meta: { name: 'ls', description: 'List the deployed services and their versions' },
  args: {
    name: { type: 'positional', required: false, description: 'only this service' },
    version: { type: 'positional', required: false, description: 'only this version of it' },
  },
  async run({ args }) {
    const { client } = connect();
    const all = await withSpinner(`Asking ${client.url}`, () => client.services());
    const services = all.filter((s) => (args.name === undefined || s.name === args.name) && (args.version === undefined || s.version === args.version));
    if (services.length === 0) {
      if (args.name === undefined) return say.info(`Nothing is deployed on ${client.url}: mvi deploy <name> <version> <path>`);
      throw new UserError(args.version === undefined || !all.some((s) => s.name === args.name) ? `No service named ${args.name} is deployed` : `No version ${args.version} of ${args.name} is deployed`);
    }
    printServices(services);
  },
});
