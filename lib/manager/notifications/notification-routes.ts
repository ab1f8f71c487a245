import type { ConsolaInstance } from 'consola';
import type { H3, H3Event } from 'h3';
import { httpError } from '../../engine/http-error.ts';
import { errorResponse, jsonResponse } from '../../runtime/json-response.ts';
import { readJsonBody } from '../../runtime/read-json-body.ts';
import type { Auth, Role } from '../types.ts';
import type { NotificationEntry } from './notification-store.ts';

/** What the routes of {@link registerNotificationRoutes} act on. */
export interface NotificationActions {
  add(payload: unknown): Promise<void>;
  list(): Promise<NotificationEntry[]>;
  clear(): Promise<void>;
  readonly logger: ConsolaInstance;
}

// Ample for a message with a stack trace; the body is held in memory while it is read.
const BODY_LIMIT = 64 * 1024;

interface Route {
  readonly roles: readonly Role[];
  run(actions: NotificationActions, event: H3Event): Promise<unknown>;
}

const ROUTES = new Map<string, Route>(Object.entries({
  POST: {
    roles: ['admin', 'user', 'service'],
    async run(actions, event) {
      await actions.add((await readJsonBody(event.req, BODY_LIMIT)).value);
      return 'Notification added';
    },
  },
  GET: { roles: ['admin', 'user'], run: (actions) => actions.list() },
  DELETE: {
    roles: ['admin', 'user'],
    async run(actions) {
      await actions.clear();
      return null;
    },
  },
} satisfies Record<string, Route>));
const ALLOW = [...ROUTES.keys()].join(', ');

/** Registers `POST / GET / DELETE /notifications/` on `app`, each checking its roles with `auth` first. */
export function registerNotificationRoutes(app: H3, auth: Auth, actions: NotificationActions): void {
  app.all('/notifications/', async (event) => {
    try {
      const route = ROUTES.get(event.req.method);
      if (!route) throw httpError(405, 'Method Not Allowed', { headers: { Allow: ALLOW } });
      await auth.require(event, route.roles);
      return jsonResponse(await route.run(actions, event));
    } catch (error) {
      return errorResponse(error, actions.logger);
    }
  });
}
