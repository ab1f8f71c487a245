import type { ManagerSql } from '../manager-db.ts';

/** `{name}_{version}`: how a version is named in the registry, its folders and logs. */
export const versionKey = (name: string, version: string): string => `${name}_${version}`;

/** How a version is started, as it was deployed. */
export interface LaunchSpec {
  /** A module or project folder on the manager's machine that `mvi start` runs; the working folder of `command`. */
  readonly source?: string;
  /** An argument list run as given instead of `mvi start` (services in other languages). */
  readonly command?: readonly string[];
  /** Extra environment of the deploy. */
  readonly env: Readonly<Record<string, string>>;
  /** The port the service listens on whatever it is told; undefined: the manager picks one. */
  readonly port?: number;
  /** Processes of the version (undefined: one). */
  readonly replicas?: number;
  /** The origin of a version that runs elsewhere (a Kubernetes Service): the manager starts nothing, it forwards there. */
  readonly url?: string;
}

/** A deployed version as the registry keeps it. */
export interface RegistryEntry {
  readonly key: string;
  readonly name: string;
  readonly version: string;
  readonly main: boolean;
  readonly launch: LaunchSpec;
  /** False once it crashed for good: a restart of the manager leaves it down. */
  readonly running: boolean;
  /** Id of the token the running process was given. */
  readonly tokenId: string | undefined;
  /** The pid of each replica's last process, by replica, to find what a manager that died left running. */
  readonly pids: readonly (number | undefined)[];
}

/** The versions of one name: the main one first in `versions`, then the shadows. */
export interface NameEntry {
  readonly main: RegistryEntry | undefined;
  readonly shadows: readonly RegistryEntry[];
  readonly versions: ReadonlyMap<string, RegistryEntry>;
}

/** The services and versions the manager runs, persisted, read from memory. */
export interface Registry {
  /** Every version, by name then deploy order. */
  entries(): readonly RegistryEntry[];
  /** The versions of a name; undefined when none is deployed. */
  byName(name: string): NameEntry | undefined;
  get(name: string, version: string): RegistryEntry | undefined;
  /**
   * Adds a version: main when its name has no main yet, a shadow otherwise. Two adds of a name
   * without main must not overlap (both would be main): the host's deploys take turns for that.
   */
  add(entry: Omit<RegistryEntry, 'key' | 'main' | 'running'>): Promise<RegistryEntry>;
  /** Makes a version its name's main. */
  assign(name: string, version: string): Promise<void>;
  /** Records a version's running flag or token; a version no longer there is ignored. */
  update(name: string, version: string, change: Partial<Pick<RegistryEntry, 'running' | 'tokenId'>>): Promise<void>;
  /** Records the pid of a replica's new process; a version no longer there is ignored. */
  updatePid(name: string, version: string, replica: number, pid: number): Promise<void>;
  remove(name: string, version: string): Promise<void>;
}

const SCHEMA = `CREATE TABLE IF NOT EXISTS mvi_manager_services (
  name text NOT NULL,
  version text NOT NULL,
  main boolean NOT NULL,
  launch jsonb NOT NULL,
  running boolean NOT NULL,
  token_id text,
  pids integer[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (name, version)
)`;

interface Row {
  readonly name: string;
  readonly version: string;
  readonly main: boolean;
  readonly launch: LaunchSpec;
  readonly running: boolean;
  readonly token_id: string | null;
  readonly pids: readonly (number | null)[];
}

const toEntry = (row: Row): RegistryEntry => ({
  key: versionKey(row.name, row.version),
  name: row.name,
  version: row.version,
  main: row.main,
  launch: row.launch,
  running: row.running,
  tokenId: row.token_id ?? undefined,
  pids: row.pids.map((pid) => pid ?? undefined),
});

/**
 * A table made before replicas had one `pid` column: its value becomes replica 0's, so the orphan a
 * crashed older manager left running is found and stopped by the upgraded one.
 */
async function upgradeSinglePid(pg: ManagerSql): Promise<void> {
  const { rows } = await pg.query(
    `SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'mvi_manager_services' AND column_name = 'pid'`,
  );
  if (rows.length === 0) return;
  await pg.exec(`BEGIN;
UPDATE mvi_manager_services SET pids = ARRAY[pid] WHERE pid IS NOT NULL AND cardinality(pids) = 0;
ALTER TABLE mvi_manager_services DROP COLUMN pid;
COMMIT;`);
}

/** Opens the registry in the manager's database (its table is made when missing) and loads it into memory. */
export async function createRegistry(pg: ManagerSql): Promise<Registry> {
  await pg.exec(SCHEMA);
  await pg.exec(`ALTER TABLE mvi_manager_services ADD COLUMN IF NOT EXISTS pids integer[] NOT NULL DEFAULT '{}'`);
  await upgradeSinglePid(pg);
  const { rows } = await pg.query<Row>('SELECT name, version, main, launch, running, token_id, pids FROM mvi_manager_services ORDER BY created_at, name, version');
  // Deploy order per name; the NameEntry views are rebuilt on every change so that the gateway's
  // lookups stay plain map reads.
  const all = new Map<string, Map<string, RegistryEntry>>();
  const names = new Map<string, NameEntry>();
  const refresh = (name: string) => {
    const versions = all.get(name);
    if (!versions?.size) {
      all.delete(name);
      names.delete(name);
      return;
    }
    const list = [...versions.values()];
    names.set(name, { main: list.find((e) => e.main), shadows: list.filter((e) => !e.main), versions });
  };
  const put = (entry: RegistryEntry) => {
    const versions = all.get(entry.name) ?? new Map<string, RegistryEntry>();
    all.set(entry.name, versions.set(entry.version, entry));
  };
  for (const row of rows) put(toEntry(row));
  for (const name of all.keys()) refresh(name);

  return {
    entries: () => [...all.values()].flatMap((versions) => [...versions.values()]),
    byName: (name) => names.get(name),
    get: (name, version) => all.get(name)?.get(version),
    async add({ name, version, launch, tokenId, pids }) {
      const main = !names.get(name)?.main;
      await pg.query(
        'INSERT INTO mvi_manager_services (name, version, main, launch, running, token_id, pids) VALUES ($1, $2, $3, $4, true, $5, $6)',
        [name, version, main, JSON.stringify(launch), tokenId ?? null, pids.map((pid) => pid ?? null)],
      );
      const entry: RegistryEntry = { key: versionKey(name, version), name, version, main, launch, running: true, tokenId, pids };
      put(entry);
      refresh(name);
      return entry;
    },
    async assign(name, version) {
      const versions = all.get(name);
      if (!versions?.has(version)) throw new Error(`No version ${version} of ${name}`);
      await pg.query('UPDATE mvi_manager_services SET main = (version = $2) WHERE name = $1', [name, version]);
      for (const entry of versions.values()) put({ ...entry, main: entry.version === version });
      refresh(name);
    },
    async update(name, version, change) {
      const entry = all.get(name)?.get(version);
      if (!entry) return;
      const next = { ...entry, ...change };
      // Memory first, as updatePid() does: a pid recorded meanwhile is kept.
      put(next);
      refresh(name);
      await pg.query('UPDATE mvi_manager_services SET running = $3, token_id = $4 WHERE name = $1 AND version = $2', [name, version, next.running, next.tokenId ?? null]);
    },
    async updatePid(name, version, replica, pid) {
      const entry = all.get(name)?.get(version);
      if (!entry) return;
      // Replicas start together: memory is changed at once, so each write holds every pid known.
      const pids = Array.from({ length: Math.max(entry.pids.length, replica + 1) }, (_, at) => (at === replica ? pid : entry.pids[at]));
      put({ ...entry, pids });
      refresh(name);
      await pg.query('UPDATE mvi_manager_services SET pids = $3 WHERE name = $1 AND version = $2', [name, version, pids.map((known) => known ?? null)]);
    },
    async remove(name, version) {
      await pg.query('DELETE FROM mvi_manager_services WHERE name = $1 AND version = $2', [name, version]);
      all.get(name)?.delete(version);
      refresh(name);
    },
  };
}
