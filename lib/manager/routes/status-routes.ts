import type { H3 } from 'h3';
import { MANAGER_ROUTES } from '../../protocol/routes.ts';
import { jsonResponse } from '../../runtime/json-response.ts';
import type { ManagerParts } from '../create-manager-app.ts';

/** `GET /~health` and `GET /~version`, open to anyone (the version as a JSON string, as daeploy's clients read it). */
export function registerStatusRoutes(app: H3, { version }: ManagerParts): void {
  app.get(MANAGER_ROUTES.health, () => jsonResponse({ status: 'ok' }));
  app.get(MANAGER_ROUTES.version, () => jsonResponse(version));
}
