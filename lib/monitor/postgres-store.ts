import type { ConsolaInstance } from 'consola';
import postgres, { type Options, type Sql } from 'postgres';
import { mviLogger } from '../utilities/_logger.ts';
import { getReplicaId } from '../utilities/storage-location.ts';
import { createParameterBuffer } from './_parameter-buffer.ts';
import { createJobLocks } from './_postgres-jobs.ts';
import { createPostgresParameters } from './_postgres-parameters.ts';
import { dumpRows, readSeries, readSeriesJson, storedVariables } from './_postgres-reads.ts';
import { cleanSamples, lastCleanOf } from './_postgres-retention.ts';
import { createTables, insertSamples, openReplica, variableIds } from './_postgres-sql.ts';
import { assertStorable, assertStorableParameter } from './assert-storable.ts';
import { bufferStats, bufferStatus } from './buffer-status.ts';
import { drainBuffers, endClose } from './drain-buffers.ts';
import { toCsvZip } from './csv-zip.js';
import { assertSchemaName } from './postgres-schema.ts';
import { streamSqlDump, textOf } from './sql-dump.ts';
import type { MonitorStore, ReplicaCoordination } from './types.ts';
import { createWriteBuffer, type SeriesBatch } from './write-buffer.ts';
import { toRowColumns } from './_series-rows.ts';

/** Options of {@link createPostgresStore}. */
export interface PostgresStoreOptions {
  /** The server, as `postgres://user:password@host:port/database` (what `MVI_DATABASE_URL` holds). */
  readonly url: string;
  /** The schema of this service version's tables (created when missing): lower-case letters, digits and `_`; see `postgresSchemaOf()`. */
  readonly schema: string;
  /** Which replica this is, as its points are tagged (default `MVI_REPLICA_ID`, else `<hostname>-<pid>`). */
  readonly replicaId?: string;
  /** Most milliseconds between accepting a point and writing it (default 250). */
  readonly flushInterval?: number;
  /** Most points accepted but not written yet (default 1 000 000); `write()` refuses more with a `StoreFullError`. */
  readonly maxBuffered?: number;
  /** Most connections for writes and reads (default 3); listening for parameters and holding job locks take one more each. */
  readonly maxConnections?: number;
  /** Where the store logs (default: mvi's logger) until an engine passes its own with `logTo()`. */
  readonly logger?: ConsolaInstance;
}

/** A PostgreSQL store, with the coordination of the replicas that share it. */
export interface PostgresStore extends MonitorStore {
  /** How the replicas of the version agree on jobs and parameters. */
  readonly replicas: ReplicaCoordination;
}

const DEFAULT_MAX_BUFFERED = 1_000_000;

function connectionOptions(schema: string, replicaId: string, max: number): Options<Record<string, never>> {
  return {
    max,
    // Notices such as "relation already exists, skipping" are for people at a psql prompt.
    onnotice: () => {},
    // The schema is a validated identifier (see postgres-schema.ts): every statement names its
    // tables without one. UTC and ISO dates fix the text that dumps carry.
    connection: { search_path: schema, TimeZone: 'UTC', DateStyle: 'ISO, MDY', application_name: `mvi ${replicaId}`.slice(0, 63) },
  };
}

// The connection that holds job locks lives as long as the store (a new one would hold none),
// and the server probes it after 10 s of silence: a replica whose machine vanished without
// closing it gives its jobs up after ~25 s instead of the system's two hours.
function lockConnectionOptions(schema: string, replicaId: string): Options<Record<string, never>> {
  const options = connectionOptions(schema, replicaId, 1);
  return {
    ...options,
    max_lifetime: null,
    connection: { ...options.connection, tcp_keepalives_idle: '10', tcp_keepalives_interval: '5', tcp_keepalives_count: '3' },
  };
}

/** Where a URL points, for messages: never its password. */
function describeServer(url: string): string {
  try {
    const { hostname, port, pathname } = new URL(url);
    return `${hostname}:${port || 5432}${pathname}`;
  } catch {
    return 'the server of MVI_DATABASE_URL';
  }
}

/**
 * A monitoring store on a PostgreSQL server, shared by every replica of a service version: each
 * tags the points it writes, reads merge them all in time order, retention runs over all of
 * them, jobs run on one replica at a time and parameters reach every replica. Points are
 * written in batches as the PGlite store writes them: kept and retried while the server is
 * away, with `/~health` not ready meanwhile.
 *
 * We use the `postgres` client: LISTEN/NOTIFY with re-listening after a lost connection, COPY
 * streams, a connection pool, prepared statements and identifier escaping, without dependencies.
 *
 * @example
 * const store = await createPostgresStore({ url: process.env.MVI_DATABASE_URL!, schema: 'hello_1_0_0' });
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const { url, schema } = options;
  assertSchemaName(schema);
  const replicaId = options.replicaId ?? getReplicaId();
  let logger = options.logger ?? mviLogger();
  const connect = (max: number): Sql => postgres(url, connectionOptions(schema, replicaId, max));
  const sql = connect(options.maxConnections ?? 3);
  let replica: number;
  try {
    await createTables(sql, schema);
    replica = await openReplica(sql, replicaId);
  } catch (error) {
    await sql.end({ timeout: 0 });
    throw new Error(`Could not open the monitoring store on PostgreSQL at ${describeServer(url)}: ${(error as Error).message}`, { cause: error });
  }

  const ids = new Map<string, number>();
  // Asked a name per series, not per point; the server hears only of names not seen before.
  const idsOf = async (names: string[]): Promise<number[]> => {
    const fresh = [...new Set(names.filter((name) => !ids.has(name)))];
    if (fresh.length > 0) for (const [name, id] of await variableIds(sql, fresh)) ids.set(name, id);
    return names.map((name) => ids.get(name)!);
  };
  const persist = async (series: SeriesBatch[]) => {
    const offset = buffer.written;
    const rows = toRowColumns(series, await idsOf(series.map(({ variable }) => variable)));
    await insertSamples(sql, replica, { ...rows, offset });
  };
  const maxBuffered = options.maxBuffered ?? DEFAULT_MAX_BUFFERED;
  const buffer = createWriteBuffer(persist, { interval: options.flushInterval ?? 250, maxPoints: maxBuffered, log: () => logger });
  const kept = createPostgresParameters(sql, schema, () => logger);
  const parameters = createParameterBuffer((names, values) => kept.save(names, values));
  const jobs = createJobLocks(sql, () => postgres(url, lockConnectionOptions(schema, replicaId)), schema);

  let closing: Promise<void> | undefined;
  const assertOpen = () => {
    if (closing) throw new Error('The monitor store is closed');
  };
  // Every query sees the points accepted before it: the buffer is flushed first.
  const ask = async <T>(query: () => Promise<T>): Promise<T> => {
    assertOpen();
    await buffer.flush();
    return query();
  };
  const streamDump = () => {
    assertOpen();
    return streamSqlDump((async function* () {
      await buffer.flush();
      yield* dumpRows(sql);
    })());
  };

  const shutdown = async () => {
    buffer.stop();
    const drained = await drainBuffers(buffer, parameters);
    await kept.close();
    await jobs.close().catch(() => {});
    await sql.end({ timeout: 5 });
    endClose(drained);
  };

  return {
    write(points) {
      assertOpen();
      assertStorable(points);
      buffer.add(points);
    },
    flush: () => buffer.flush(),
    read: (query = {}) => ask(() => readSeries(sql, query)),
    readJson: (query = {}) => ask(() => readSeriesJson(sql, query)),
    readCsvZip: (query = {}) => ask(async () => toCsvZip(await readSeries(sql, query))),
    // The database's collation may differ: sort as the other stores do.
    variables: async () => (await ask(() => storedVariables(sql))).sort(),
    clean: (retention, now) => ask(() => cleanSamples(sql, retention, now)),
    lastClean: (now) => ask(() => lastCleanOf(sql, now)),
    dump: async () => textOf(streamDump()),
    streamDump,
    status: () => bufferStatus(buffer, maxBuffered),
    logTo(next) {
      logger = next;
    },
    saveParameter(name, value) {
      assertOpen();
      assertStorableParameter(name, value);
      kept.noteOwn(name, value);
      parameters.add(name, value);
    },
    async loadParameters() {
      assertOpen();
      await parameters.flush();
      return kept.load();
    },
    stats: () => bufferStats(buffer),
    replicas: {
      replicaId,
      claimJob: (name) => jobs.claim(name),
      noteJobStart: (name, at) => jobs.noteStart(name, at),
      onParameter: (listener) => kept.follow(listener),
    },
    close() {
      closing ??= shutdown();
      return closing;
    },
  };
}
