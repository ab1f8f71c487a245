import { defineCommand } from 'citty';
import { createManagerClient } from '../../manager/client/manager-client.ts';
import { ManagerError } from '../../manager/client/manager-error.ts';
import { say } from '../cli-logger.ts';
import { readConfig, writeConfig, type CliConfig } from '../config-file.ts';
import { parseManagerUrl } from '../manager-url.ts';
import { ask, askSecret } from '../prompt.ts';
import { withSpinner } from '../spinner.ts';
import { printTable } from '../table.ts';
import { UserError } from '../user-error.ts';

function listHosts(config: CliConfig): void {
  if (config.hosts.length === 0) throw new UserError('Not logged in to any manager yet: mvi login <url> (such as mvi login http://127.0.0.1:4000)');
  printTable(['', '#', 'URL', 'USER'], config.hosts.map((host, i) => [i === config.current ? '*' : ' ', i + 1, host.url, host.user ?? '(auth off)']));
  say.info('Switch with mvi login <#>, add one with mvi login <url>');
}

function switchTo(config: CliConfig, index: number): void {
  const host = config.hosts[index - 1];
  if (!host) throw new UserError(`There is no login #${index}: ${config.hosts.length === 0 ? 'none is saved yet' : config.hosts.length === 1 ? 'the only one is #1' : `choose 1 to ${config.hosts.length}`} (mvi login lists them)`);
  writeConfig({ ...config, current: index - 1 });
  say.success(`Using ${host.url}${host.user ? ` as ${host.user}` : ''}`);
}

/** `mvi login [url | #]`: logs in to a manager and remembers its token, lists the saved logins, or switches between them. */
export default defineCommand({
  meta: { name: 'login', description: 'Log in to a manager (its token is saved in your config folder), list the saved logins, or switch to one by its #' },
  args: {
    target: { type: 'positional', required: false, description: 'the manager\'s URL (such as http://127.0.0.1:4000), or the # of a saved login to switch to; none lists them' },
    user: { type: 'string', alias: 'u', description: 'user name (asked when not given)' },
  },
  async run({ args }) {
    const config = readConfig();
    if (args.target === undefined) return listHosts(config);
    if (/^\d+$/.test(args.target)) return switchTo(config, Number(args.target));
    const url = parseManagerUrl(args.target);
    const anonymous = createManagerClient(url);
    // A manager without auth lets anyone verify: there is nobody to log in as.
    const authOff = await withSpinner(`Reaching ${url}`, () => anonymous.verify().then(() => true, (error: unknown) => {
      if (error instanceof ManagerError && error.status === 401) return false;
      throw error;
    }));
    const others = config.hosts.filter((host) => host.url !== url);
    if (authOff) {
      writeConfig({ hosts: [...others, { url }], current: others.length });
      say.warn(`${url} runs without auth: no login needed, anyone who reaches it is an admin`);
      return;
    }
    const user = args.user ?? (await ask('User name:', 'admin'));
    const password = await askSecret('Password:');
    const token = await withSpinner(`Logging in to ${url} as ${user}`, () => anonymous.login(user, password));
    writeConfig({ hosts: [...others, { url, user, token }], current: others.length });
    say.success(`Logged in to ${url} as ${user}`);
  },
});
