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
  /** In the order their deploys began. */
  all(): readonly StartingVersion[];
  /** The version of `name` whose deploy began first of those still starting. */
  first(name: string): StartingVersion | undefined;
  /** Resolves once `entry` is the first of its name still starting (the deploys that began before it answered), or is killed. */
  turn(entry: StartingVersion): Promise<void>;
  /** Marks the starting versions of `name` (`version`, else all) killed and returns them. */
  kill(name: string, version: string | undefined): readonly StartingVersion[];
}

export function createStartingVersions(): StartingVersions {
  // A Map iterates in insertion order: the order deploys began (a key is only begun again once it ended).
  const starting = new Map<string, StartingVersion & { killed: boolean }>();
  // The turn() calls waiting: each looks again whenever a deploy answers or a start is killed.
  const waiting = new Set<() => void>();
  const wake = () => {
    for (const recheck of waiting) recheck();
    waiting.clear();
  };
  const first = (name: string) => [...starting.values()].find((entry) => entry.name === name);
  return {
    begin(name, version) {
      const key = versionKey(name, version);
      const entry = { key, name, version, killed: false, processes: undefined };
      starting.set(key, entry);
      return Object.assign(entry, {
        end: () => {
          starting.delete(key);
          wake();
        },
      });
    },
    has: (key) => starting.has(key),
    all: () => [...starting.values()],
    first,
    async turn(entry) {
      while (!entry.killed && starting.get(entry.key) === entry && first(entry.name) !== entry) await new Promise<void>((recheck) => waiting.add(recheck));
    },
    kill(name, version) {
      const killed = [...starting.values()].filter((entry) => entry.name === name && (version === undefined || entry.version === version));
      for (const entry of killed) entry.killed = true;
      wake();
      return killed;
    },
  };
}
