import type { H3, H3Event, HTTPError } from 'h3';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { ConsolaInstance } from 'consola';
import type { Role } from '../protocol/token-claims.ts';
import type { TokenKind } from './auth/_token-store.ts';

// The contracts between the manager's parts: the registry and process runtime, the gateway,
// auth and notifications each live in their own folder under lib/manager/ and meet here.

/** Who a request comes from, once its token is verified. */
export interface Principal {
  /** A user's name, `service:{name}_{version}` for a service, `manager` for the manager itself. */
  readonly subject: string;
  /** admin: everything; user: deploy, call, read; service: call services and notify only; manager: its own calls to services. */
  readonly role: Role;
  /** The token's id (its `jti`), which revocation names. */
  readonly tokenId: string;
}

/** Roles, as the checks in every route name them. */
export type { Role };

// The shapes the management API answers with, for its clients (the CLI, the dashboard).
export type { ShadowReport } from './gateway/_version-stats.ts';
export type { NotificationEntry } from './notifications/notification-store.ts';
export type { UserInfo } from './auth/_user-store.ts';

/** An API or service token as `GET /auth/token` lists it (never the token itself). */
export interface TokenInfo {
  /** Its id (`jti`), which `DELETE /auth/token?id=` revokes. */
  readonly id: string;
  /** Whose it is: a user's name, or `service:{name}_{version}`. */
  readonly subject: string;
  readonly role: Role;
  /** `api` (minted with POST /auth/token) or `service` (a deployed version's); sessions are never listed. */
  readonly kind: TokenKind;
  /** ISO 8601. */
  readonly created_at: string;
  /** ISO 8601; null for a token that never expires. */
  readonly expires_at: string | null;
}

/** Where a process of a version stands: `unhealthy` runs but failed its last health checks, and is out of the gateway's rotation until it passes one. */
export type ProcessStatus = 'starting' | 'running' | 'unhealthy' | 'restarting' | 'crashed' | 'stopped';

/** One process of a deployed version, as `GET /services/` lists it in `replicas`. */
export interface ReplicaRecord {
  /** Its place among the version's replicas, from 0; the service reads it as `MVI_REPLICA_ID`. */
  readonly replica: number;
  readonly status: ProcessStatus;
  readonly pid: number | undefined;
  readonly port: number | undefined;
  /** ISO 8601 time its current process started. */
  readonly started_at: string | undefined;
  /** How often it was restarted after a crash. */
  readonly restarts: number;
}

/** A deployed version as the registry lists it (`GET /services/`). */
export interface ServiceRecord {
  readonly name: string;
  readonly version: string;
  /** Whether this version answers `/services/{name}/…`. */
  readonly main: boolean;
  /** The version's: `running` while any replica serves, else the most hopeful status among them (unhealthy, starting, restarting, then crashed or stopped). */
  readonly status: ProcessStatus;
  /** The first replica's pid (every replica's is in `replicas`). */
  readonly pid: number | undefined;
  /** The first replica's port. */
  readonly port: number | undefined;
  /** ISO 8601 time the first replica's current process started. */
  readonly started_at: string | undefined;
  /** Restarts after a crash, of all replicas together. */
  readonly restarts: number;
  /** Each process of the version, in order (one unless it was deployed with `replicas`). */
  readonly replicas: readonly ReplicaRecord[];
}

/** One process of a version, as the gateway reaches it. */
export interface UpstreamReplica {
  /** Its place among the version's replicas (0 for the first): each keeps connections of its own. */
  readonly index: number;
  /** e.g. `http://127.0.0.1:41234`. */
  readonly origin: string;
}

/** Where the gateway sends a request for one version. */
export interface Upstream {
  /** `{name}_{version}`. */
  readonly key: string;
  readonly name: string;
  readonly version: string;
  /** The replica the next request goes to, the healthy ones in turn; undefined while none runs. One call per request, without allocation. */
  pick(): UpstreamReplica | undefined;
}

/** What `/services/{name}/…` or `/services/{name}_{version}/…` reaches. */
export interface GatewayRoute {
  /** The version that answers: the main one, or the one named. */
  readonly target: Upstream;
  /** Versions that get a copy the caller never waits for (the shadows, for `/services/{name}/…` only). */
  readonly shadows: readonly Upstream[];
  /** The prefix the request came under, stripped before forwarding and sent as `X-Forwarded-Prefix`. */
  readonly prefix: string;
}

/** The gateway: forwards service traffic and compares shadows with main. */
export interface Gateway {
  /** Answers a request under `/services/…` (already authenticated by the caller) on Node's own request and response. */
  handle(request: IncomingMessage, response: ServerResponse, route: GatewayRoute): Promise<void>;
  /** `GET /services/~shadow?name=`: per version requests, agreement, errors, p50/p99, sample of disagreements. */
  shadowReport(name: string): unknown;
  /** Forgets a version's pooled connections and statistics (after a kill). */
  forget(key: string): void;
  close(): Promise<void>;
}

/** Auth of the manager: users, tokens, roles. */
export interface Auth {
  /** False with `--no-auth`: every request is then an admin. */
  readonly enabled: boolean;
  /** The public key (JWK, as a JSON string) that services verify the manager's tokens with: `MVI_MANAGER_PUBLIC_KEY`. */
  readonly publicKey: string;
  /** The principal of a request from its `Authorization: Bearer` header or session cookie; undefined when it has none or it is invalid, expired or revoked. */
  authenticate(event: H3Event): Promise<Principal | undefined>;
  /** Throws a 401 (no valid token) or 403 (role not allowed) HTTPError unless the request's principal has one of `roles`. */
  require(event: H3Event, roles: readonly Role[]): Promise<Principal>;
  /** What `require` checks, on a Node request's headers: the principal, or the 401/403 HTTPError to answer; without a promise for a token verified before (the gateway's path). */
  check(headers: IncomingHttpHeaders, roles: readonly Role[]): Principal | HTTPError | Promise<Principal | HTTPError>;
  /** A long-lived token for a deployed version (role service); it stops working once revoked. */
  issueServiceToken(name: string, version: string): Promise<{ readonly token: string; readonly id: string }>;
  /** A short-lived token the manager's own calls to services carry (health checks, shadow copies, forwarded requests). */
  managerToken(): Promise<string>;
  /** Revokes a token by id (`jti`); unknown ids are ignored. */
  revoke(id: string): Promise<void>;
  /** Registers `/auth/*` and `/admin/users*`, and the guard that checks every request of the app against the route table (`ROUTE_ROLES`). */
  register(app: H3): void;
}

/** The manager's notifications. */
export interface Notifications {
  /** Records a notification (the 8-field payload, validated), sends its e-mails unless its timer holds them back. */
  add(payload: unknown): Promise<void>;
  /** Registers `POST / GET / DELETE /notifications/` (auth is checked by the routes with `auth`). */
  register(app: H3, auth: Auth): void;
  close(): Promise<void>;
}

/** What every part of the manager is given. */
export interface ManagerContext {
  readonly logger: ConsolaInstance;
  /** Where `MVI_*` and the rest are read (default `process.env`). */
  readonly env: Readonly<Record<string, string | undefined>>;
}
