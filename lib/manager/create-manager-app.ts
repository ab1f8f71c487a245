import type { ConsolaInstance } from 'consola';
import { H3 } from 'h3';
import { errorResponse } from '../runtime/json-response.ts';
import type { ServiceHost } from './create-service-host.ts';
import { registerDashboardRoutes } from './routes/dashboard-routes.ts';
import { registerLogsRoute } from './routes/logs-route.ts';
import { registerServicesRoutes } from './routes/services-routes.ts';
import { registerShadowRoute } from './routes/shadow-route.ts';
import { registerStatusRoutes } from './routes/status-routes.ts';
import type { Auth, Gateway, Notifications } from './types.ts';

/** The parts a manager's app is made of; every route reaches them through this. */
export interface ManagerParts {
  readonly host: ServiceHost;
  readonly auth: Auth;
  readonly gateway: Gateway;
  readonly notifications: Notifications;
  readonly logger: ConsolaInstance;
  /** The manager's version (`GET /~version`). */
  readonly version: string;
}

/** The manager's h3 app: auth, notifications and the management API, each route checking auth itself (the gateway's requests are taken before it: `gatewayFront`). */
export function createManagerApp(parts: ManagerParts): H3 {
  // Errors routes throw (404, 409, 422…) are answered by onError (a catching middleware cost a
  // promise per request). Silent: errorResponse logs what is a crash, once.
  const app = new H3({ silent: true, onError: (error) => errorResponse(error, parts.logger) });
  registerStatusRoutes(app, parts);
  parts.auth.register(app);
  parts.notifications.register(app, parts.auth);
  registerServicesRoutes(app, parts);
  registerLogsRoute(app, parts);
  registerShadowRoute(app, parts);
  registerDashboardRoutes(app, parts);
  return app;
}
