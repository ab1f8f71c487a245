import { escapeHtml } from '../../runtime/escape-html.ts';
import type { Notification } from '../../protocol/notification.ts';
import { severityName } from '../../protocol/severity.ts';
import type { Recorded } from './notification-store.ts';

/** The parts of a notification's e-mail. */
export interface NotificationEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const SUBJECT_MESSAGE = 80;

// One line, so that a long or multi-line message still reads as a subject.
function shorten(msg: string): string {
  const line = msg.replace(/\s+/g, ' ').trim();
  return line.length > SUBJECT_MESSAGE ? `${line.slice(0, SUBJECT_MESSAGE - 1)}…` : line;
}

/** The e-mail of notification `n`, received by the manager on `host` at `at` (ms), as recorded. */
export function toNotificationEmail(n: Notification, recorded: Recorded, host: string, at: number): NotificationEmail {
  const severity = severityName(n.severity) ?? String(n.severity);
  const service = `${n.service_name} ${n.service_version}`.trim();
  const seen = recorded.counter === 1 ? 'once' : `${recorded.counter} times since ${recorded.firstSeen.toISOString()}`;
  const fields: readonly (readonly [string, string])[] = [
    ['Severity', severity],
    ['Service', service],
    ['Time', new Date(at).toISOString()],
    ['Seen', seen],
    ['Manager', host],
  ];
  const width = Math.max(...fields.map(([name]) => name.length)) + 2;
  const text = [n.msg, '', ...fields.map(([name, value]) => `${`${name}:`.padEnd(width)}${value}`), ''].join('\n');
  const rows = fields.map(([name, value]) => `<tr><th align="left">${name}</th><td>${escapeHtml(value)}</td></tr>`).join('\n');
  const html = `<!doctype html>
<html><body>
<p>${escapeHtml(n.msg).replace(/\r?\n/g, '<br>\n')}</p>
<table cellpadding="4">
${rows}
</table>
</body></html>
`;
  return { subject: `mvi ${severity}: ${service}: ${shorten(n.msg)}`, text, html };
}
