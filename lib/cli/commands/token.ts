import { defineCommand } from 'citty';
import { ManagerError } from '../../manager/client/manager-error.ts';
import { say } from '../cli-logger.ts';
import { connect } from '../connect.ts';
import { formatLocalTime } from '../local-time.ts';
import { withSpinner } from '../spinner.ts';
import { printTable } from '../table.ts';
import { UserError } from '../user-error.ts';

const ls = defineCommand({
  meta: { name: 'ls', description: 'List your API tokens (admins: every API and service token), never the tokens themselves' },
  async run() {
    const { client } = connect();
    const tokens = await withSpinner(`Asking ${client.url}`, () => client.tokens());
    if (tokens.length === 0) return say.info(`No API tokens on ${client.url}: mvi token [days] makes one`);
    printTable(
      ['ID', 'KIND', 'OWNER', 'CREATED', 'EXPIRES'],
      tokens.map((t) => [t.id, t.kind, t.subject, formatLocalTime(t.created_at), t.expires_at === null ? 'never' : formatLocalTime(t.expires_at)]),
    );
  },
});

const revoke = defineCommand({
  meta: { name: 'revoke', description: 'Revoke a token by its id (see mvi token ls): it stops working at once' },
  args: {
    id: { type: 'positional', required: true, description: 'the token\'s id, as mvi token ls shows it' },
  },
  async run({ args }) {
    const { client } = connect();
    try {
      await withSpinner(`Revoking the token ${args.id}`, () => client.revokeToken(args.id), () => `Revoked the token ${args.id}`);
    } catch (error) {
      // The manager says 404 for someone else's token too: which ones there are is the useful part.
      if (error instanceof ManagerError && error.status === 404) throw new UserError(`No token with id ${args.id}: mvi token ls lists the ones you may revoke`);
      throw error;
    }
  },
});

/** `mvi token [days]` mints an API token and prints it, alone on stdout; `mvi token ls|revoke` lists and revokes them. */
export default defineCommand({
  meta: { name: 'token', description: 'Make an API token for scripts and other programs, and print it (it is shown this once); ls, revoke' },
  args: {
    days: { type: 'positional', required: false, description: 'days until it expires (default: never)' },
  },
  subCommands: { ls, revoke },
  async run({ args }) {
    const days = args.days === undefined ? undefined : Number(args.days);
    // A word that is neither a number nor ls or revoke is a mistyped command more likely than a number of days.
    if (Number.isNaN(days)) throw new UserError(`Unknown command "${args.days}": see mvi token --help`);
    if (days !== undefined && !(Number.isFinite(days) && days > 0 && days <= 36_500)) throw new UserError(`days must be a number above 0 and at most 36500, got "${args.days}"`);
    const { client, host } = connect();
    const minted = await withSpinner(`Making a token at ${client.url}`, () => client.mintToken(days));
    process.stdout.write(`${minted.token}\n`);
    const expiry = days === undefined ? 'never expiring' : `expiring in ${days} ${days === 1 ? 'day' : 'days'}`;
    say.info(`An API token of ${host.user ?? 'the manager'} (id ${minted.id}), ${expiry}: send it as "Authorization: Bearer <token>"`);
  },
});
