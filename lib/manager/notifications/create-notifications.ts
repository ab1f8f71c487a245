import { hostname as osHostname } from 'node:os';
import type { ConnectionOptions } from 'node:tls';
import type { Clock } from '../../engine/clock.ts';
import { httpError } from '../../engine/http-error.ts';
import { validate } from '../../engine/validate.ts';
import { readEnv } from '../../utilities/_env.ts';
import { mviLogger } from '../../utilities/_logger.ts';
import type { ManagerDb } from '../manager-db.ts';
import type { ManagerContext, Notifications } from '../types.ts';
import type { EmailSender } from './email-sender.ts';
import { toNotificationEmail, type NotificationEmail } from './notification-email.ts';
import { NotificationSchema, type Notification } from '../../protocol/notification.ts';
import { registerNotificationRoutes } from './notification-routes.ts';
import { openNotificationStore } from './notification-store.ts';
import { parseSmtpUrl, type SmtpSettings } from './smtp-settings.ts';

/** Options of {@link createNotifications}. */
export interface NotificationsOptions extends Partial<ManagerContext> {
  /** The manager's database, where notifications are kept. */
  readonly db: ManagerDb;
  /** `smtp://user:pass@host:587` (STARTTLS) or `smtps://user:pass@host:465` (implicit TLS); default `MVI_SMTP_URL`; none: no e-mail. */
  readonly smtpUrl?: string;
  /** Sender address; default `MVI_SMTP_FROM`, else the SMTP user when it is an address, else `mvi@{hostname}`. */
  readonly from?: string;
  /** The manager's host name, named in e-mails (default the machine's). */
  readonly hostname?: string;
  /** The manager's version, named in its own notifications (default `""`). */
  readonly version?: string;
  /** Extra TLS options for the SMTP connection, e.g. `{ ca }` to trust a private CA. */
  readonly tls?: ConnectionOptions;
  /** How many unique notifications are kept, the least recently seen dropped first (default 10 000). */
  readonly maxEntries?: number;
  /** Where the time comes from (tests). */
  readonly clock?: Pick<Clock, 'now'>;
}

// How long close() lets e-mails under way finish before it aborts them.
const CLOSE_GRACE_MS = 5_000;
const WARNING = 1;

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function settleWithin(work: readonly Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(work), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/**
 * The manager's notifications: kept in its database, counted per unique notification, e-mailed
 * (off the request path) unless the notification's timer holds a repeat back. A failed e-mail
 * becomes a WARNING notification of the manager itself.
 * @example
 * const notifications = await createNotifications({ db, logger });
 * notifications.register(app, auth);
 */
export async function createNotifications(options: NotificationsOptions): Promise<Notifications> {
  const env = options.env ?? process.env;
  const logger = options.logger ?? mviLogger();
  const clock = options.clock ?? { now: () => Date.now() };
  const hostname = options.hostname ?? osHostname();
  const smtpUrl = options.smtpUrl ?? readEnv(env, ['MVI_SMTP_URL']);
  const smtp: SmtpSettings | undefined = smtpUrl ? parseSmtpUrl(smtpUrl, options.smtpUrl ? 'smtpUrl' : 'MVI_SMTP_URL') : undefined;
  const store = await openNotificationStore(options.db.pg, options.maxEntries ?? 10_000);
  let sender: EmailSender | undefined;
  if (smtp) {
    const from = options.from ?? readEnv(env, ['MVI_SMTP_FROM']) ?? (smtp.user?.includes('@') ? smtp.user : `mvi@${hostname}`);
    // Loaded only when e-mail is configured: nodemailer holds ~2.3 MB of the manager's heap,
    // where every request it forwards is collected.
    const { createEmailSender } = await import('./email-sender.ts');
    sender = createEmailSender(smtp, from, options.tls);
    logger.info(`Notifications with e-mail recipients are sent through ${smtp.shown} from ${from}`);
  }
  const redact = (text: string) => (smtp ? smtp.redact(text) : text);
  const deliveries = new Set<Promise<void>>();
  let toldUnconfigured = false;
  let closing: Promise<void> | undefined;

  const record = async (n: Notification) => {
    const at = clock.now();
    const wanted = n.emails !== null && n.emails.length > 0;
    const recorded = await store.record(n, at, wanted && sender !== undefined);
    if (wanted && !sender && !toldUnconfigured) {
      toldUnconfigured = true;
      await notice('E-mail is not configured: notifications with e-mail recipients are listed but not sent (set MVI_SMTP_URL)');
    }
    if (sender && recorded.mailDue && n.emails) deliver(sender, n.emails, toNotificationEmail(n, recorded, hostname, at));
  };

  // A notification of the manager itself; it names no recipients, so it can never loop.
  const notice = (msg: string) =>
    record({
      service_name: 'manager',
      service_version: options.version ?? '',
      msg,
      severity: WARNING,
      dashboard: true,
      emails: null,
      timer: 0,
      timestamp: new Date(clock.now()).toISOString(),
    });

  const deliver = (via: EmailSender, to: readonly string[], email: NotificationEmail) => {
    const delivery = via.send(to, email).catch(async (error: unknown) => {
      const msg = redact(`E-mail "${email.subject}" to ${to.join(', ')} could not be sent: ${messageOf(error)}`);
      logger.warn(msg);
      await notice(msg).catch((failure: unknown) => logger.error(`Could not record that an e-mail failed: ${redact(messageOf(failure))}`));
    });
    deliveries.add(delivery);
    void delivery.finally(() => deliveries.delete(delivery));
  };

  const notifications: Notifications = {
    async add(payload) {
      if (closing) throw httpError(503, 'The manager is shutting down');
      await record(await validate(NotificationSchema, payload, ['body']));
    },
    register(app, auth) {
      registerNotificationRoutes(app, auth, {
        add: notifications.add,
        list: () => store.list(clock.now()),
        clear: () => store.clear(),
        logger,
      });
    },
    close: () =>
      (closing ??= (async () => {
        await settleWithin([...deliveries], CLOSE_GRACE_MS);
        // What is still under way is aborted, and recorded as not sent.
        sender?.close();
        await Promise.allSettled(deliveries);
      })()),
  };
  return notifications;
}
