import { defineCommand } from 'citty';
import * as v from 'valibot';
import { UserNameSchema } from '../../manager/auth/user-rules.ts';
import type { ManagerClient } from '../../manager/client/manager-client.ts';
import type { Role } from '../../manager/types.ts';
import { say } from '../cli-logger.ts';
import { readConfig, writeConfig } from '../config-file.ts';
import { connect } from '../connect.ts';
import { formatLocalTime } from '../local-time.ts';
import { askSecret, confirm } from '../prompt.ts';
import { withSpinner } from '../spinner.ts';
import { printTable } from '../table.ts';
import { UserError } from '../user-error.ts';

const ROLES = ['user', 'admin'] satisfies Role[];

// Typed twice on a terminal, where a typo cannot be seen; once from a pipe.
async function newPassword(whose: string): Promise<string> {
  const password = await askSecret(`New password of ${whose}:`);
  if (process.stdin.isTTY && (await askSecret('The same again:')) !== password) throw new UserError('The two passwords differ: nothing was changed');
  return password;
}

// Checked before a password is typed or a question asked: a typo'd name fails at once.
async function checkUser(client: ManagerClient, name: string, exists: boolean): Promise<void> {
  const users = await withSpinner(`Asking ${client.url}`, () => client.users());
  const found = users.some((user) => user.name === name);
  if (exists && !found) throw new UserError(`No user named ${name} (${users.map((user) => user.name).join(', ')})`);
  if (!exists && found) throw new UserError(`There is already a user named ${name}: mvi user passwd ${name} changes their password`);
}

const add = defineCommand({
  meta: { name: 'add', description: 'Add a user (the password is asked for)' },
  args: {
    name: { type: 'positional', required: true, description: 'lowercase letters, digits, ".", "_" and "-"' },
    role: { type: 'enum', options: ROLES, default: 'user', description: 'user: deploy, call and read; admin: that, and manage users' },
  },
  async run({ args }) {
    const { client } = connect();
    const named = v.safeParse(UserNameSchema, args.name);
    if (!named.success) throw new UserError(`${named.issues[0].message}, got "${args.name}"`);
    await checkUser(client, args.name, false);
    const password = await newPassword(args.name);
    await withSpinner(`Adding ${args.name}`, () => client.addUser(args.name, password, args.role), () => `Added the ${args.role} ${args.name}`);
  },
});

const rm = defineCommand({
  meta: { name: 'rm', description: 'Remove a user, ending their sessions and tokens (asks first unless --yes)' },
  args: {
    name: { type: 'positional', required: true, description: 'the user' },
    yes: { type: 'boolean', alias: 'y', description: 'do not ask' },
  },
  async run({ args }) {
    const { client } = connect();
    await checkUser(client, args.name, true);
    if (!args.yes && !(await confirm(`Remove the user ${args.name} and end their sessions and tokens?`))) return say.info('Nothing was removed');
    await withSpinner(`Removing ${args.name}`, () => client.removeUser(args.name), () => `Removed the user ${args.name}`);
  },
});

const ls = defineCommand({
  meta: { name: 'ls', description: 'List the users' },
  async run() {
    const { client } = connect();
    const users = await withSpinner(`Asking ${client.url}`, () => client.users());
    printTable(['NAME', 'ROLE', 'CREATED'], users.map((u) => [u.name, u.role, formatLocalTime(u.created_at)]));
  },
});

const passwd = defineCommand({
  meta: { name: 'passwd', description: 'Change a user\'s password (default: your own), ending their sessions and tokens' },
  args: {
    name: { type: 'positional', required: false, description: 'the user (default: the one logged in)' },
  },
  async run({ args }) {
    const { client, host } = connect();
    const name = args.name ?? host.user;
    if (name === undefined) throw new UserError('Name the user: the manager runs without auth, so nobody is logged in');
    // Listing the users is for admins: anyone may change their own password.
    if (name !== host.user) await checkUser(client, name, true);
    const password = await newPassword(name);
    await withSpinner(`Changing the password of ${name}`, () => client.changeUser(name, { password }), () => `Changed the password of ${name}`);
    if (name !== host.user) return;
    // That ended this login too: log in again with the new password.
    const token = await withSpinner('Logging in again', () => client.login(name, password));
    const config = readConfig();
    writeConfig({ ...config, hosts: config.hosts.map((saved) => (saved.url === host.url ? { ...saved, token } : saved)) });
  },
});

/** `mvi user add|rm|ls|passwd`: the manager's users (admins only). */
export default defineCommand({
  meta: { name: 'user', description: 'Manage the manager\'s users (admins only): add, rm, ls, passwd' },
  subCommands: { add, rm, ls, passwd },
});
