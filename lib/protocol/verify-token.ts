import * as v from 'valibot';
import { TOKEN_ALGORITHM, TokenClaimsSchema, type TokenClaims } from './token-claims.ts';

/** Options of {@link createTokenVerifier}. */
export interface TokenVerifierOptions {
  /** Milliseconds since the epoch that expiry is checked against (default `Date.now`). */
  readonly now?: () => number;
  /** How many verified tokens are remembered (default 1 000); the oldest is forgotten first. */
  readonly cacheSize?: number;
}

/** Checks tokens signed by one key. */
export interface TokenVerifier {
  /** The claims of a token verified before that has not expired since: a Map lookup, no signature check. */
  cached(token: string): TokenClaims | undefined;
  /** The claims of `token` once its signature (EdDSA only), claims and expiry check out; undefined otherwise. */
  verify(token: string): Promise<TokenClaims | undefined>;
}

/** The public half of an Ed25519 key, as JWK. */
export interface Ed25519PublicJwk {
  readonly kty: 'OKP';
  readonly crv: 'Ed25519';
  readonly x: string;
}

// A token larger than this is no token of ours: refused before it costs a signature check or a cache entry.
const MAX_TOKEN_LENGTH = 4096;

/** Reads the JWK (JSON text) of an Ed25519 public key; throws a TypeError saying what is wrong. */
export function parsePublicKey(text: string): Ed25519PublicJwk {
  let jwk: unknown;
  try {
    jwk = JSON.parse(text);
  } catch {
    throw new TypeError('The manager public key is not JSON: expected the JWK of an Ed25519 public key, such as {"kty":"OKP","crv":"Ed25519","x":"..."}');
  }
  const shape = v.safeParse(v.object({ kty: v.literal('OKP'), crv: v.literal('Ed25519'), x: v.pipe(v.string(), v.regex(/^[\w-]{43}$/)) }), jwk);
  if (!shape.success) throw new TypeError('The manager public key is not the JWK of an Ed25519 public key ({"kty":"OKP","crv":"Ed25519","x":"..."})');
  // A private half here would let the service mint tokens; it has no business outside the manager.
  if (typeof jwk === 'object' && jwk !== null && 'd' in jwk) throw new TypeError('The manager public key holds a private key: pass only its public half');
  return shape.output;
}

// jose takes ~20 ms to import: loaded with the first token, not at every service's start.
let jose: Promise<typeof import('jose/jwt/verify').jwtVerify> | undefined;
const jwtVerify = () => (jose ??= import('jose/jwt/verify').then((module) => module.jwtVerify));

/**
 * A verifier of the manager's tokens against `publicKey` (JWK, JSON text): the algorithm is
 * pinned to EdDSA (`alg: none` and every other one are refused), the claims are checked, an
 * expired token is refused. Verified tokens are remembered until they expire, so that a
 * request with a known token costs a Map lookup instead of a signature check.
 */
export function createTokenVerifier(publicKey: string, options: TokenVerifierOptions = {}): TokenVerifier {
  const jwk = parsePublicKey(publicKey);
  const now = options.now ?? Date.now;
  const cacheSize = options.cacheSize ?? 1000;
  const verified = new Map<string, TokenClaims>();
  let key: ReturnType<typeof importKey> | undefined;
  const importKey = () => import('jose/key/import').then(({ importJWK }) => importJWK({ ...jwk }, TOKEN_ALGORITHM));

  const cached = (token: string): TokenClaims | undefined => {
    const claims = verified.get(token);
    if (claims?.exp !== undefined && claims.exp * 1000 <= now()) {
      verified.delete(token);
      return undefined;
    }
    return claims;
  };

  async function verify(token: string): Promise<TokenClaims | undefined> {
    const hit = cached(token);
    if (hit) return hit;
    if (token.length > MAX_TOKEN_LENGTH) return undefined;
    // Outside the try: a key or library that cannot load is a fault to see, not a bad token.
    const [check, verifyingKey] = await Promise.all([jwtVerify(), (key ??= importKey())]);
    let payload: unknown;
    try {
      ({ payload } = await check(token, verifyingKey, { algorithms: [TOKEN_ALGORITHM], currentDate: new Date(now()) }));
    } catch {
      return undefined;
    }
    const claims = v.safeParse(TokenClaimsSchema, payload);
    if (!claims.success) return undefined;
    if (verified.size >= cacheSize) verified.delete(verified.keys().next().value!);
    verified.set(token, claims.output);
    return claims.output;
  }

  return { cached, verify };
}
