import { defineCommand } from 'citty';
import { createManagerClient } from '../../manager/client/manager-client.ts';
import { say } from '../cli-logger.ts';
import { readConfig, writeConfig } from '../config-file.ts';
import { parseManagerUrl } from '../manager-url.ts';
import { withSpinner } from '../spinner.ts';
import { UserError } from '../user-error.ts';

/** `mvi logout [url | #]`: ends the session at the manager and forgets its token. */
export default defineCommand({
  meta: { name: 'logout', description: 'Log out of a manager (default: the one in use) and forget its token' },
  args: {
    target: { type: 'positional', required: false, description: 'the manager\'s URL or the # of its login (mvi login lists them)' },
  },
  async run({ args }) {
    const config = readConfig();
    const index = args.target === undefined
      ? config.current
      : /^\d+$/.test(args.target) ? Number(args.target) - 1 : config.hosts.findIndex((host) => host.url === parseManagerUrl(args.target!));
    const host = index === undefined ? undefined : config.hosts[index];
    if (index === undefined || !host) throw new UserError(args.target === undefined ? 'Not logged in to a manager' : `Not logged in to ${args.target} (mvi login lists the logins)`);
    if (host.token) {
      // The token is forgotten here even when the manager cannot be told: it expires by itself.
      await withSpinner(`Ending the session at ${host.url}`, () => createManagerClient(host.url, { token: host.token }).logout()).catch((error: unknown) => {
        say.warn(`Could not end the session at the manager (${(error as Error).message}); its token is forgotten here all the same`);
      });
    }
    const hosts = config.hosts.filter((_, i) => i !== index);
    const current = config.current === undefined || config.current === index ? (hosts.length ? 0 : undefined) : config.current - (config.current > index ? 1 : 0);
    writeConfig({ hosts, current });
    say.success(`Logged out of ${host.url}${current === undefined ? '' : `; now using ${hosts[current]!.url}`}`);
  },
});
