import { versionKey } from './registry/registry.ts';
import type { ServiceProcess } from './process/service-process.ts';

/** A version whose deploy has not answered yet. */
export interface StartingVersion {
  readonly key: string;
  readonly name: string;
  readonly version: string;
  /** Set by a kill: the deploy undoes what it did and answers 409. */
  readonly killed: boolean;
  /** Its processes, once launched. */
  processes: readonly ServiceProcess[] | undefined;
}

/** The versions being deployed, so that they can be listed, reached (503) and killed while they start. */
export interface StartingVersions {
  /** Takes `name` `version` as starting; `end()` forgets it once its deploy answers. */
  begin(name: string, version: string): StartingVersion & { end(): void };
  has(key: string): boolean;
  all(): readonly StartingVersion[];
  /** Marks the starting versions of `name` (`version`, else all) killed and returns them. */
  kill(name: string, version: string | undefined): readonly StartingVersion[];
}

export function createStartingVersions(): StartingVersions {
  const starting = new Map<string, StartingVersion & { killed: boolean }>();
  return {
    begin(name, version) {
      const key = versionKey(name, version);
      const entry = { key, name, version, killed: false, processes: undefined };
      starting.set(key, entry);
      return Object.assign(entry, { end: () => void starting.delete(key) });
    },
    has: (key) => starting.has(key),
    all: () => [...starting.values()],
    kill(name, version) {
      const killed = [...starting.values()].filter((entry) => entry.name === name && (version === undefined || entry.version === version));
      for (const entry of killed) entry.killed = true;
      return killed;
    },
  };
}
