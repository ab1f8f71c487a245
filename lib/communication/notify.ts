import { MANAGER_ROUTES } from '../protocol/routes.ts';
import type { ServiceIdentity } from '../service/types.ts';
import type { Env } from '../utilities/_env.ts';
import { isDebugEnabled, mviLogger } from '../utilities/_logger.ts';
import { getAuthorizedDomains } from '../utilities/authorized-domains.ts';
import { getHeaders } from '../utilities/headers.ts';
import { getManagerUrl } from '../utilities/manager-location.ts';
import { getServiceName, getServiceVersion } from '../utilities/service-identity.ts';
import { send } from './_send.ts';
import { Severity } from '../protocol/severity.ts';
import type { Notification, NotifyOptions } from './types.ts';

// A notification is small and the manager answers at once; a dead one must not hold a job for long.
const NOTIFY_TIMEOUT_MS = 10_000;
const SEVERITIES: readonly unknown[] = Object.values(Severity);

/** Options of {@link notify}, and the environment to read the manager's address and this service's identity from. */
export interface NotifyCallOptions extends NotifyOptions {
  /** Where `MVI_MANAGER_URL`, `MVI_SERVICE_NAME` and the rest are read (default `process.env`). */
  readonly env?: Env;
}

/** The manager's 8-field payload of a notification raised by `service` at `at`; a negative or non-finite timer becomes 0. */
export function toNotification(
  msg: string,
  severity: Severity,
  options: NotifyOptions,
  service: Pick<ServiceIdentity, 'name' | 'version'>,
  at: Date = new Date(),
): Notification {
  if (typeof msg !== 'string') throw new TypeError(`A notification's message must be a string, got ${typeof msg}`);
  if (!SEVERITIES.includes(severity)) {
    throw new TypeError(`Unknown severity ${JSON.stringify(severity)}; use Severity.INFO, Severity.WARNING or Severity.CRITICAL`);
  }
  const timer = options.timer ?? 0;
  return {
    service_name: service.name,
    service_version: service.version,
    msg,
    severity,
    dashboard: options.dashboard ?? true,
    emails: options.emails ? [...options.emails] : null,
    timer: Number.isFinite(timer) && timer > 0 ? timer : 0,
    timestamp: at.toISOString(),
  };
}

/**
 * Posts a ready payload to `{manager}/notifications/`: the {@link Notifier} the engine
 * uses; rejects with a ServiceCallError when the manager cannot be reached or refuses it.
 */
export async function postNotification(notification: Notification, env: Env = process.env): Promise<void> {
  const url = `${getManagerUrl(env)}${MANAGER_ROUTES.notifications}`;
  if (isDebugEnabled()) mviLogger().debug(`Notifying ${url}:`, notification);
  await send({
    method: 'POST',
    url,
    headers: getHeaders(env),
    body: JSON.stringify(notification),
    authorizedDomains: getAuthorizedDomains(env),
    timeout: NOTIFY_TIMEOUT_MS,
    signal: undefined,
  });
}

/**
 * Sends a notification to the manager, shown on its dashboard and e-mailed as `options` say;
 * rejects with a ServiceCallError when it could not be delivered.
 * @example
 * await notify('Temperature above 90 °C', Severity.CRITICAL, { emails: ['ops@example.com'], timer: 600 });
 */
export async function notify(msg: string, severity: Severity = Severity.INFO, options: NotifyCallOptions = {}): Promise<void> {
  const { env = process.env, ...notifyOptions } = options;
  const service = { name: getServiceName(env), version: getServiceVersion(env) };
  await postNotification(toNotification(msg, severity, notifyOptions, service), env);
}
