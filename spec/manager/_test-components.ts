// The manager's components for the end-to-end tests: the real auth and notifications, and a
// small in-test gateway (undici, prefix stripped, the manager's token, copies counted) until
// the real gateway lands. Test code only: nothing here is shipped.
import { HTTPError, type H3Event } from 'h3';
import { request } from 'undici';
import type { ComponentContext, ManagerComponents } from '../../lib/manager/_start-manager.ts';
import { createAuth } from '../../lib/manager/auth/create-auth.ts';
import { createNotifications } from '../../lib/manager/notifications/create-notifications.ts';
import type { Auth, Gateway, GatewayRoute, Upstream } from '../../lib/manager/types.ts';

/** A Gateway that forwards with undici and counts the copies each shadow answered. */
function createTestGateway(auth: Auth): Gateway {
  const copies = new Map<string, number>();
  const send = async (upstream: Upstream, event: H3Event, route: GatewayRoute, body: Buffer | undefined) => {
    if (!upstream.origin) throw new HTTPError({ status: 503, message: `${upstream.key} is not running` });
    const path = event.url.pathname.slice(route.prefix.length) || '/';
    return request(`${upstream.origin}${path}${event.url.search}`, {
      method: event.req.method as 'GET',
      headers: {
        'content-type': event.req.headers.get('content-type') ?? 'application/json',
        authorization: `Bearer ${await auth.managerToken()}`,
        'x-forwarded-prefix': route.prefix,
      },
      body,
    });
  };
  return {
    async handle(event, route) {
      const body = event.req.method === 'GET' || event.req.method === 'HEAD' ? undefined : Buffer.from(await event.req.arrayBuffer());
      for (const shadow of route.shadows) {
        void send(shadow, event, route, body).then(
          (answer) => answer.body.dump().then(() => copies.set(shadow.key, (copies.get(shadow.key) ?? 0) + 1)),
          () => {},
        );
      }
      const answer = await send(route.target, event, route, body);
      const headers = new Headers();
      const type = answer.headers['content-type'];
      if (typeof type === 'string') headers.set('content-type', type);
      return new Response(Buffer.from(await answer.body.arrayBuffer()), { status: answer.statusCode, headers });
    },
    shadowReport: (name) => ({ name, versions: [...copies].filter(([key]) => key.startsWith(`${name}_`)).map(([key, mirrored]) => ({ version: key.slice(name.length + 1), shadow: { mirrored, compared: mirrored, agreed: mirrored } })) }),
    forget: (key) => void copies.delete(key),
    close: async () => {},
  };
}

/** Who got through the auth checks of the manager's routes, and to which path. */
export type Admitted = { readonly subject: string; readonly path: string }[];

/** The components of a manager under test; `admitted` records every principal the routes let through. */
export function testComponents() {
  const admitted: Admitted = [];
  const make = async ({ db, authEnabled, env, logger }: ComponentContext): Promise<ManagerComponents> => {
    const real = await createAuth({ db, enabled: authEnabled, env, logger });
    const auth: Auth = {
      ...real,
      async require(event, roles) {
        const principal = await real.require(event, roles);
        admitted.push({ subject: principal.subject, path: event.url.pathname });
        return principal;
      },
    };
    return { auth, gateway: createTestGateway(real), notifications: await createNotifications({ db, env, logger }) };
  };
  return { make, admitted };
}
