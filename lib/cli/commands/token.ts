import { defineCommand } from 'citty';
import { say } from '../cli-logger.ts';
import { connect } from '../connect.ts';
import { withSpinner } from '../spinner.ts';
import { UserError } from '../user-error.ts';

/** `mvi token [days]`: mints an API token and prints it, alone on stdout. */
export default defineCommand({
  meta: { name: 'token', description: 'Make an API token for scripts and other programs, and print it (it is shown this once)' },
  args: {
    days: { type: 'positional', required: false, description: 'days until it expires (default: never)' },
  },
  async run({ args }) {
    const days = args.days === undefined ? undefined : Number(args.days);
    if (days !== undefined && !(Number.isFinite(days) && days > 0 && days <= 36_500)) throw new UserError(`days must be a number above 0 and at most 36500, got "${args.days}"`);
    const { client, host } = connect();
    const minted = await withSpinner(`Making a token at ${client.url}`, () => client.mintToken(days));
    process.stdout.write(`${minted.token}\n`);
    say.info(`An API token of ${host.user ?? 'the manager'} (id ${minted.id}), ${days === undefined ? 'never expiring' : `expiring in ${days} days`}: send it as "Authorization: Bearer <token>"`);
  },
});
