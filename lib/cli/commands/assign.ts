import { defineCommand } from 'citty';
import { connect } from '../connect.ts';
import { printServices } from '../service-table.ts';
import { withSpinner } from '../spinner.ts';

/** `mvi assign <name> <version>`: makes a version main. */
export default defineCommand({
  meta: { name: 'assign', description: 'Make a version the main one of its service (the others become shadows)' },
  args: {
    name: { type: 'positional', required: true, description: 'the service' },
    version: { type: 'positional', required: true, description: 'the version that answers from now on' },
  },
  async run({ args }) {
    const { client } = connect();
    await withSpinner(`Making ${args.name} ${args.version} main`, () => client.assign(args.name, args.version), () => `${args.name} ${args.version} is main`);
    printServices((await client.services()).filter((s) => s.name === args.name));
  },
});
