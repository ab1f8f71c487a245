// Small in-test implementations of the manager's contracts (Auth, Gateway, Notifications), so
// that the routes and the process runtime are tested before the real modules land. Test code
// only: nothing here is shipped.
import { randomUUID } from 'node:crypto';
import { HTTPError, type H3, type H3Event } from 'h3';
import { request } from 'undici';
import type { ComponentContext, ManagerComponents } from '../../lib/manager/_start-manager.ts';
import type { Auth, Gateway, GatewayRoute, Notifications, Principal, Role, Upstream } from '../../lib/manager/types.ts';

/** An Auth that keeps opaque random tokens in memory; `mint(role)` hands a test its own. */
export interface TestAuth extends Auth {
  mint(role: Role, subject?: string): string;
  readonly live: ReadonlyMap<string, Principal>;
  /** The subject and path of every request let through. */
  readonly admitted: { readonly subject: string; readonly path: string }[];
}

export function createTestAuth(enabled = true): TestAuth {
  const live = new Map<string, Principal>();
  const admitted: { subject: string; path: string }[] = [];
  const mint = (role: Role, subject: string = role) => {
    const token = randomUUID();
    live.set(token, { subject, role, tokenId: token });
    return token;
  };
  const manager = mint('manager');
  const authenticate = async (event: H3Event) => {
    if (!enabled) return { subject: 'admin', role: 'admin', tokenId: 'none' } as const;
    const header = event.req.headers.get('authorization') ?? '';
    return header.startsWith('Bearer ') ? live.get(header.slice(7)) : undefined;
  };
  return {
    enabled,
    live,
    admitted,
    mint,
    publicKey: '',
    authenticate,
    async require(event, roles) {
      const principal = await authenticate(event);
      if (!principal) throw new HTTPError({ status: 401, message: 'Not authenticated' });
      if (!roles.includes(principal.role)) throw new HTTPError({ status: 403, message: `A ${principal.role} may not do this` });
      admitted.push({ subject: principal.subject, path: event.url.pathname });
      return principal;
    },
    async issueServiceToken(name, version) {
      const token = mint('service', `service:${name}_${version}`);
      return { token, id: token };
    },
    managerToken: async () => manager,
    async revoke(id) {
      live.delete(id);
    },
    register() {},
  };
}

/** A Gateway that forwards with undici (prefix stripped, the manager's token) and counts the copies each shadow got. */
export interface TestGateway extends Gateway {
  readonly copies: Map<string, number>;
}

export function createTestGateway(auth: Auth): TestGateway {
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
    copies,
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
    shadowReport: (name) => ({ name, versions: Object.fromEntries([...copies].filter(([key]) => key.startsWith(`${name}_`)).map(([key, requests]) => [key.slice(name.length + 1), { requests }])) }),
    forget: (key) => void copies.delete(key),
    close: async () => {},
  };
}

/** Notifications kept in a list; `POST /notifications/` for callers with a token. */
export interface TestNotifications extends Notifications {
  readonly received: unknown[];
}

export function createTestNotifications(): TestNotifications {
  const received: unknown[] = [];
  return {
    received,
    async add(payload) {
      received.push(payload);
    },
    register(app: H3, auth: Auth) {
      app.post('/notifications/', async (event) => {
        await auth.require(event, ['admin', 'user', 'service']);
        received.push(await event.req.json());
        return Response.json('Notification added');
      });
    },
    close: async () => {},
  };
}

/** The components of a manager under test, and the handles a test needs on them. */
export function testComponents(options: { auth?: boolean } = {}) {
  const made: { auth?: TestAuth; gateway?: TestGateway; notifications?: TestNotifications } = {};
  const make = async (context: ComponentContext): Promise<ManagerComponents> => {
    made.auth = createTestAuth(options.auth ?? context.authEnabled);
    made.gateway = createTestGateway(made.auth);
    made.notifications = createTestNotifications();
    return { auth: made.auth, gateway: made.gateway, notifications: made.notifications };
  };
  return { make, made };
}
