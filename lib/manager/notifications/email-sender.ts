import nodemailer from 'nodemailer';
import type { ConnectionOptions } from 'node:tls';
import type { NotificationEmail } from './notification-email.ts';
import type { SmtpSettings } from './smtp-settings.ts';

/** Sends e-mails through one SMTP server. */
export interface EmailSender {
  /** Sends `email` to `to`; rejects when the server cannot be reached or refuses it. */
  send(to: readonly string[], email: NotificationEmail): Promise<void>;
  /** Aborts e-mails under way and closes the connections. */
  close(): void;
}

// A manager must learn soon that its mail server is gone, not after nodemailer's minutes.
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/**
 * A sender through the server of `settings`, from `from`. `smtp://` insists on STARTTLS, so neither
 * the password nor a message goes in clear text (`?requireTLS=false` in the URL allows it, for a
 * relay on the same machine); `tls` adds to the TLS options, e.g. `{ ca }` for a private CA.
 */
export function createEmailSender(settings: SmtpSettings, from: string, tls: ConnectionOptions = {}): EmailSender {
  const aborter = new AbortController();
  // Pooled: a burst of notifications shares two connections instead of opening one each.
  const transport = nodemailer.createTransport({
    url: settings.url,
    pool: true,
    maxConnections: 2,
    idleTimeout: 30_000,
    requireTLS: !settings.implicitTls,
    tls,
    logger: false,
    ...TIMEOUTS,
  });
  return {
    async send(to, email) {
      await transport.sendMail({ from, to: [...to], ...email, signal: aborter.signal });
    },
    close() {
      aborter.abort(new Error('The manager is shutting down'));
      transport.close({ force: true });
    },
  };
}
