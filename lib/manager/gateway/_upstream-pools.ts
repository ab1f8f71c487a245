import { Pool } from 'undici';

/**
 * Keep-alive connection pools, one per version (`{name}_{version}`). A version restarted on
 * another port gets a new pool, and the old one is closed once its requests are done.
 */
export class UpstreamPools {
  readonly #options: Pool.Options;
  readonly #pools = new Map<string, { readonly origin: string; readonly pool: Pool }>();

  constructor(options: Pool.Options) {
    this.#options = options;
  }

  /** The pool to version `key` running at `origin`. */
  of(key: string, origin: string): Pool {
    const known = this.#pools.get(key);
    if (known?.origin === origin) return known.pool;
    if (known) void known.pool.close();
    const pool = new Pool(origin, this.#options);
    this.#pools.set(key, { origin, pool });
    return pool;
  }

  /** Drops a version's connections, cutting its requests in flight. */
  async forget(key: string): Promise<void> {
    const known = this.#pools.get(key);
    this.#pools.delete(key);
    await known?.pool.destroy();
  }

  /** Closes every pool: `graceful` lets requests in flight finish, otherwise they are cut. */
  async close(graceful: boolean): Promise<void> {
    const pools = [...this.#pools.values()].map(({ pool }) => pool);
    this.#pools.clear();
    await Promise.all(pools.map((pool) => (graceful ? pool.close() : pool.destroy())));
  }
}
