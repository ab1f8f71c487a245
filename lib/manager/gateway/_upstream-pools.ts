import { Pool } from 'undici';

type Known = { readonly origin: string; readonly pool: Pool };

/**
 * Keep-alive connection pools, one per replica of each version (`{name}_{version}`). A replica
 * restarted on another port gets a new pool, and the old one is closed once its requests are done.
 */
export class UpstreamPools {
  readonly #options: Pool.Options;
  // By version, then by replica index.
  readonly #pools = new Map<string, (Known | undefined)[]>();

  constructor(options: Pool.Options) {
    this.#options = options;
  }

  /** The pool to replica `replica` of version `key`, running at `origin`. */
  of(key: string, replica: number, origin: string): Pool {
    let replicas = this.#pools.get(key);
    const known = replicas?.[replica];
    if (known?.origin === origin) return known.pool;
    if (known) void known.pool.close();
    const pool = new Pool(origin, this.#options);
    if (replicas === undefined) this.#pools.set(key, (replicas = []));
    replicas[replica] = { origin, pool };
    return pool;
  }

  /** Drops a version's connections, cutting its requests in flight. */
  async forget(key: string): Promise<void> {
    const replicas = this.#pools.get(key) ?? [];
    this.#pools.delete(key);
    await Promise.all(replicas.map((known) => known?.pool.destroy()));
  }

  /** Closes every pool: `graceful` lets requests in flight finish, otherwise they are cut. */
  async close(graceful: boolean): Promise<void> {
    const pools = [...this.#pools.values()].flatMap((replicas) => replicas.flatMap((known) => (known ? [known.pool] : [])));
    this.#pools.clear();
    await Promise.all(pools.map((pool) => (graceful ? pool.close() : pool.destroy())));
  }
}
