import type { ConsolaInstance } from 'consola';
import type { Sql } from 'postgres';

/** Kept parameter values, and their propagation to the other replicas of the version. */
export interface PostgresParameters {
  /** Saves values (null forgets one) and tells every listening replica, in one statement. */
  save(names: string[], values: (string | null)[]): Promise<void>;
  /** Notes a value this replica takes, so that its own notification is not handed back to it. */
  noteOwn(name: string, value: string | null): void;
  /** The kept values by name; waits until listening has begun, so that no save after the read is missed. */
  load(): Promise<Record<string, string>>;
  /** Hands each value another replica saves to `listener`, in the order saved; starts listening at the first call. */
  follow(listener: (name: string, value: string) => void): () => void;
  /** Stops listening. */
  close(): Promise<void>;
}

interface KeptRow {
  readonly name: string;
  readonly value: string;
  readonly version: string;
}

/**
 * Parameters in `mvi_parameters`, each saved with a number from one sequence (drawn under the
 * row's lock when it is updated, so that of two replicas saving one name the one that commits
 * last has the larger number, whichever drew first): a notification
 * on `channel` (`{name, version}`) makes every replica read the row, and a replica takes a row
 * only when its version is newer than the last it took, so all end on the value saved last.
 * Notifications missed while the listening connection was down are made up for when it returns.
 */
export function createPostgresParameters(sql: Sql, channel: string, log: () => ConsolaInstance): PostgresParameters {
  const versions = new Map<string, bigint>();
  // What this replica holds for each name: a row holding it already changes nothing here.
  const texts = new Map<string, string | null>();
  const listeners = new Set<(name: string, value: string) => void>();
  let listening: Promise<unknown> | undefined;
  let unlisten: (() => Promise<void>) | undefined;
  let queue: Promise<void> = Promise.resolve();

  const take = (rows: readonly KeptRow[]) => {
    for (const { name, value, version } of rows) {
      const v = BigInt(version);
      if (v <= (versions.get(name) ?? -1n)) continue;
      versions.set(name, v);
      if (texts.get(name) === value) continue;
      texts.set(name, value);
      for (const listener of listeners) listener(name, value);
    }
  };
  const readAll = () => sql<KeptRow[]>`SELECT name, value, version::text FROM mvi_parameters`;
  const enqueue = (work: () => Promise<void>) => {
    queue = queue.then(work).catch((error: unknown) => log().warn('Could not read a parameter another replica set; it is read again when the next one changes', error));
  };
  const onNotify = (payload: string) => {
    let note: { name?: unknown; version?: unknown };
    try {
      note = JSON.parse(payload);
    } catch {
      return;
    }
    const { name, version } = note;
    if (typeof name !== 'string' || typeof version !== 'string') return;
    if (BigInt(version) <= (versions.get(name) ?? -1n)) return;
    enqueue(async () => take(await sql<KeptRow[]>`SELECT name, value, version::text FROM mvi_parameters WHERE name = ${name}`));
  };
  let listenedBefore = false;
  const onListen = () => {
    // A connection that came back may have missed notifications: read every row again.
    if (listenedBefore) enqueue(async () => take(await readAll()));
    listenedBefore = true;
  };

  return {
    async save(names, values) {
      await sql`
        WITH given AS (SELECT * FROM unnest(${names}::text[], ${values as string[]}::text[]) AS g (name, value)),
        saved AS (
          INSERT INTO mvi_parameters (name, value, version)
          SELECT name, value, nextval('mvi_parameter_versions') FROM given WHERE value IS NOT NULL
          ON CONFLICT (name) DO UPDATE SET value = excluded.value, version = nextval('mvi_parameter_versions')
          RETURNING name, version
        ),
        forgotten AS (DELETE FROM mvi_parameters p USING given WHERE p.name = given.name AND given.value IS NULL)
        SELECT pg_notify(${channel}, json_build_object('name', name, 'version', version::text)::text) FROM saved`;
    },
    noteOwn(name, value) {
      texts.set(name, value);
    },
    // Only read: whether the replica takes a kept value is its engine's choice (not when it was
    // set since), so a notification of it may still be handed over, at worst once more.
    async load() {
      await listening;
      return Object.fromEntries((await readAll()).map(({ name, value }) => [name, value]));
    },
    follow(listener) {
      listeners.add(listener);
      listening ??= sql.listen(channel, onNotify, onListen).then((listen) => (unlisten = listen.unlisten));
      return () => void listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      await listening?.catch(() => {});
      await unlisten?.().catch(() => {});
    },
  };
}
