/** Environment variables as the getters read them; `process.env` by default. */
export type Env = Readonly<Record<string, string | undefined>>;

/** One environment variable that is set: its name and trimmed value. */
export interface EnvEntry {
  /** The variable's name. */
  readonly name: string;
  /** Its trimmed value, never empty. */
  readonly value: string;
}

/**
 * The first of `names` set in `env`; an empty or blank value counts as unset, so an
 * exported-but-empty variable falls through to the next name or the default.
 */
export function findEnv(env: Env, names: readonly string[]): EnvEntry | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return { name, value };
  }
  return undefined;
}

/** The value of the first of `names` set in `env`. */
export function readEnv(env: Env, names: readonly string[]): string | undefined {
  return findEnv(env, names)?.value;
}
