import { createHash } from 'node:crypto';
import type { Notification } from '../../protocol/notification.ts';

/**
 * What makes two notifications the same one: service, version, message, severity, dashboard and
 * timer (not the recipients, not the time). A sha256, so the key is the same after a restart.
 */
export function notificationKey(n: Notification): string {
  const fields = [n.service_name, n.service_version, n.msg, n.severity, n.dashboard, n.timer];
  return createHash('sha256').update(JSON.stringify(fields)).digest('hex');
}
