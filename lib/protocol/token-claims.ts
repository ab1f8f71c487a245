import * as v from 'valibot';

/** The only signature algorithm of the manager's tokens (Ed25519); verifiers pin it. */
export const TOKEN_ALGORITHM = 'EdDSA';

/**
 * Who a token speaks for. admin: everything; user: deploy, call, read; service: call services
 * and notify only; manager: the manager's own calls to services.
 */
export const ROLES = ['admin', 'user', 'service', 'manager'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/** The claims of every token the manager signs. */
export const TokenClaimsSchema = v.object({
  /** The subject: a user's name, `service:{name}_{version}`, or `manager`. */
  sub: v.pipe(v.string(), v.nonEmpty()),
  role: v.picklist(ROLES),
  /** The token's id, which revocation names. */
  jti: v.pipe(v.string(), v.nonEmpty()),
  /** Issued at, in seconds since the epoch. */
  iat: v.number(),
  /** Expires at, in seconds since the epoch; API and service tokens may have none. */
  exp: v.optional(v.number()),
});

/** The verified claims of a token. */
export type TokenClaims = v.InferOutput<typeof TokenClaimsSchema>;
