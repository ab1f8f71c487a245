import { defineCommand } from 'citty';
import { say } from '../cli-logger.ts';
import { connect } from '../connect.ts';
import { findDeployed } from '../find-deployed.ts';
import { printServices } from '../service-table.ts';
import { withSpinner } from '../spinner.ts';

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
    const services = args.name === undefined ? all : findDeployed(all, args.name, args.version);
    if (services.length === 0) return say.info(`Nothing is deployed on ${client.url}: mvi deploy <name> <version> <path>`);
    printServices(services);
  },
});
