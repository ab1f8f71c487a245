import { defineCommand } from 'citty';
import { severityName } from '../../protocol/severity.ts';
import { say } from '../cli-logger.ts';
import { connect } from '../connect.ts';
import { formatAge } from '../service-table.ts';
import { withSpinner } from '../spinner.ts';
import { printTable } from '../table.ts';

/** `mvi notifications [--clear]`: what services notified, the last seen first. */
export default defineCommand({
  meta: { name: 'notifications', description: 'List the notifications services sent, the last seen first; --clear empties the list' },
  args: {
    clear: { type: 'boolean', description: 'clear the list' },
  },
  async run({ args }) {
    const { client } = connect();
    if (args.clear) {
      await withSpinner(`Clearing the notifications of ${client.url}`, () => client.clearNotifications(), () => 'Notifications cleared');
      return;
    }
    const entries = await withSpinner(`Asking ${client.url}`, () => client.notifications());
    if (entries.length === 0) return say.info('No notifications');
    printTable(
      ['SEVERITY', 'COUNT', 'SERVICE', 'VERSION', 'LAST SEEN', 'MESSAGE'],
      entries.map((n) => [severityName(n.severity), n.counter, n.service_name, n.service_version, `${formatAge(n.last_seen)} ago`, n.msg.split('\n')[0]]),
    );
  },
});
