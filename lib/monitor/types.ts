import type { ConsolaInstance } from 'consola';
import type { RetentionLimit } from '../service/types.ts';

/** A monitored value as stored: numbers as numbers, everything else as text. */
export type StoredValue = number | string;

/** One point of a time series. */
export interface MonitorPoint {
  /** Variable name (any string; never used to build SQL). */
  readonly variable: string;
  /** Milliseconds since the epoch, UTC. */
  readonly timestamp: number;
  /** The value. */
  readonly value: StoredValue;
}

/** Which points to read; bounds are inclusive, every bound optional. */
export interface MonitorQuery {
  /** Earliest timestamp (ms since the epoch). */
  readonly start?: number;
  /** Latest timestamp (ms since the epoch). */
  readonly end?: number;
  /** Only these variables (default: all). */
  readonly variables?: readonly string[];
}

/** One variable's points, ordered by time, as `/~monitor` answers them. */
export interface TimeSeries {
  /** ISO 8601 UTC timestamps. */
  readonly timestamp: string[];
  /** Values, in the same order. */
  readonly value: StoredValue[];
}

/** Time series by variable name. */
export type MonitorData = Record<string, TimeSeries>;

/** Counts of observations per bucket, cumulative, as a Prometheus histogram exposes them. */
export interface HistogramSnapshot {
  /** Upper bounds of the buckets, ascending; the `+Inf` bucket is implied. */
  readonly bounds: readonly number[];
  /** Observations at or below each bound, then all of them: one entry more than `bounds`. */
  readonly cumulative: readonly number[];
  /** The sum of all observations. */
  readonly sum: number;
}

/** What a store has done since it opened, for `/~metrics`; cheap to read. */
export interface MonitorStoreStats {
  /** Points accepted and not yet persisted. */
  readonly buffered: number;
  /** Points persisted. */
  readonly written: number;
  /** Points in attempts to persist that failed; they are kept and retried, so one point may count more than once. */
  readonly failed: number;
  /** How long each attempt to persist a batch took, in seconds. */
  readonly flushSeconds: HistogramSnapshot;
}

/** How writing goes, as `/~health` tells it. */
export interface StoreStatus {
  /** Why points cannot be written, once a few attempts in a row failed; undefined while they can. */
  readonly failing: string | undefined;
  /** Whether the write buffer is at its bound, so that `write()` refuses points until it drains. */
  readonly full: boolean;
}

/** Where monitoring points are kept; one file per backend implements it. */
export interface MonitorStore {
  /**
   * Accepts points for writing; never blocks. Accepted points survive `close()`. Throws a
   * `StoreFullError`, accepting none, while the write buffer is full: an empty batch tells.
   */
  write(points: readonly MonitorPoint[]): void;
  /** Resolves once every accepted point is persisted. */
  flush(): Promise<void>;
  /** Points matching `query`, ordered by time (then by arrival), accepted points included. */
  read(query?: MonitorQuery): Promise<MonitorData>;
  /** What `read()` gives, as UTF-8 JSON: a backend with a worker builds it there, so a large read never holds up requests. */
  readJson(query?: MonitorQuery): Promise<Uint8Array>;
  /** What `read()` gives, as a zip of one `<variable>.csv` per variable (`timestamp,value`), built where `readJson` is. */
  readCsvZip(query?: MonitorQuery): Promise<Uint8Array>;
  /** Names of all stored variables, sorted. */
  variables(): Promise<string[]>;
  /** Deletes what `retention` does not keep (per variable for rows), noting `now` as the last clean; resolves to the number deleted. */
  clean(retention: RetentionLimit, now: number): Promise<number>;
  /** When `clean()` last ran (ms since the epoch); a store it never ran on takes `now` as that time and keeps it. */
  lastClean(now: number): Promise<number>;
  /** A SQL script that recreates the monitoring table and its rows on any PostgreSQL server. */
  dump(): Promise<string>;
  /**
   * Keeps a parameter's value (text the engine encodes) across restarts, or forgets it with
   * `null`; never blocks: it is written in the background like points, and by `flush()` and `close()`.
   */
  saveParameter(name: string, value: string | null): void;
  /** The parameter values kept, by name, saves accepted before the call included. Not monitoring data: reads, dumps and retention leave them out. */
  loadParameters(): Promise<Record<string, string>>;
  /** Counts for `/~metrics`. */
  stats(): MonitorStoreStats;
  /** The script of `dump()` in UTF-8 pieces, read as they are consumed: memory stays flat however large the store. */
  streamDump(): AsyncIterable<Uint8Array>;
  /** Whether points get written, and whether `write()` has room. */
  status(): StoreStatus;
  /** Sends the store's own messages (failed writes, recoveries) to `logger` from now on; an engine passes the service's. */
  logTo(logger: ConsolaInstance): void;
  /** Flushes and releases everything; safe to call more than once. */
  close(): Promise<void>;
  /** How the replicas of one service version that share this store agree on jobs and parameters; absent where a store serves one process. */
  readonly replicas?: ReplicaCoordination;
}

/** What a replica learns when it claims a job that it did not hold a moment ago. */
export interface JobClaim {
  /** Whether this replica just took the job (at its first claim, or from a replica that stopped), rather than holding it since its last claim. */
  readonly taken: boolean;
  /** When a run of the job last started on any replica (ms since the epoch); undefined when none did. */
  readonly lastStart: number | undefined;
}

/** The agreement of the replicas of one version that share a store: one runs each job, all see each parameter. */
export interface ReplicaCoordination {
  /** This replica's id, which its points are tagged with. */
  readonly replicaId: string;
  /** Takes job `name`, or confirms this replica still has it (kept until it stops); resolves to undefined while another replica has it. */
  claimJob(name: string): Promise<JobClaim | undefined>;
  /** Notes that a run of job `name` starts at `at` (ms since the epoch), for the replica that may take the job over. */
  noteJobStart(name: string, at: number): Promise<void>;
  /** Calls `listener` with each parameter value another replica saves (the text `saveParameter()` got), in the order they were saved; returns a function that stops it. */
  onParameter(listener: (name: string, value: string) => void): () => void;
}
