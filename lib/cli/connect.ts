import { createManagerClient, type ManagerClient } from '../manager/client/manager-client.ts';
import { currentHost, readConfig, type SavedHost } from './config-file.ts';
import { UserError } from './user-error.ts';

let connected: SavedHost | undefined;

/** A client of the manager in use (the last `mvi login`), with its saved token. */
export function connect(): { readonly client: ManagerClient; readonly host: SavedHost } {
  const host = currentHost(readConfig());
  if (!host) throw new UserError('Not logged in to a manager: run mvi login <url> first (such as mvi login http://127.0.0.1:4000)');
  connected = host;
  return { client: createManagerClient(host.url, { token: host.token }), host };
}

/** What to tell a user whose saved token the manager refused (401): log in again. */
export function reloginHint(): string | undefined {
  return connected && `The manager at ${connected.url} no longer takes the saved login (it expired, was revoked, or the password changed): run mvi login ${connected.url} to log in again`;
}
