import { exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import type { ManagerSql } from '../manager-db.ts';
import { TOKEN_ALGORITHM } from '../../protocol/token-claims.ts';

/** The manager's key pair: the private half signs its tokens, the public half goes to services. */
export interface SigningKey {
  /** Signs; never leaves the manager's database, never logged. */
  readonly privateKey: CryptoKey;
  /** The public half as JWK JSON text (`MVI_MANAGER_PUBLIC_KEY`). */
  readonly publicKey: string;
}

const TABLE = `CREATE TABLE IF NOT EXISTS mvi_manager_signing_key (
  id smallint PRIMARY KEY CHECK (id = 1),
  private_jwk text NOT NULL,
  public_jwk text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`;

/**
 * The manager's Ed25519 key pair, made at its first start and kept in its database, so that the
 * tokens it gave out (and the key its services hold) stay valid across restarts.
 */
export async function loadSigningKey(pg: ManagerSql): Promise<SigningKey> {
  await pg.exec(TABLE);
  let row = (await pg.query<{ private_jwk: string; public_jwk: string }>('SELECT private_jwk, public_jwk FROM mvi_manager_signing_key')).rows[0];
  if (!row) {
    const pair = await generateKeyPair(TOKEN_ALGORITHM, { crv: 'Ed25519', extractable: true });
    const [privateJwk, publicJwk] = await Promise.all([exportJWK(pair.privateKey), exportJWK(pair.publicKey)]);
    const fresh = { private_jwk: JSON.stringify(privateJwk), public_jwk: JSON.stringify({ kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x }) };
    await pg.query('INSERT INTO mvi_manager_signing_key (id, private_jwk, public_jwk) VALUES (1, $1, $2)', [fresh.private_jwk, fresh.public_jwk]);
    row = fresh;
  }
  const jwk: JWK = JSON.parse(row.private_jwk);
  const privateKey = await importJWK(jwk, TOKEN_ALGORITHM);
  if (privateKey instanceof Uint8Array) throw new TypeError('The manager signing key in the database is not an Ed25519 key pair');
  return { privateKey, publicKey: row.public_jwk };
}
