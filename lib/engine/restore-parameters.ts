import type { ConsolaInstance } from 'consola';
import type { MonitorStore } from '../monitor/types.ts';
import type { ParameterDefinition } from '../service/types.ts';
import { isHttpError } from './http-error.ts';
import type { ParameterState } from './parameter-state.ts';
import type { ValidationDetail } from '../protocol/error-body.ts';

/** A parameter's input as the store keeps it: JSON, wrapped so that `undefined` comes back too. */
export function toKeptParameter(input: unknown): string {
  return JSON.stringify({ value: input });
}

/**
 * The input a kept value holds, for a parameter of `definitions` that persists; undefined for
 * any other name (its value stays in the store for a version that still wants it). Throws when
 * the text is not JSON.
 */
export function keptInput(definitions: Readonly<Record<string, ParameterDefinition>>, name: string, text: string): { readonly value?: unknown } | undefined {
  if (!Object.hasOwn(definitions, name) || !definitions[name]!.persist) return undefined;
  return JSON.parse(text) as { value?: unknown };
}

/** Why a kept value was refused: where and what, never the value (parameters hold thresholds and keys people keep private). */
export function whyRefused(error: unknown): string {
  if (!isHttpError(error)) return 'it is not readable JSON';
  const details = (error.body as { detail?: readonly ValidationDetail[] }).detail ?? [];
  return `it fails the schema (${details.map((d) => `${d.loc.join('.')}: ${d.type}`).join(', ')})`;
}

/**
 * Gives each persisted parameter the value `store` kept from an earlier run, unless it was set
 * since this run began. A kept value that no longer passes its schema (the code changed) is
 * forgotten with a warning, and the parameter keeps its initial value. Values of parameters
 * that no longer exist or opted out stay in the store for a version that still wants them.
 */
export async function restoreParameters(
  store: MonitorStore,
  definitions: Readonly<Record<string, ParameterDefinition>>,
  parameters: ParameterState,
  log: ConsolaInstance,
): Promise<void> {
  const kept = await store.loadParameters();
  const restored: string[] = [];
  for (const [name, text] of Object.entries(kept)) {
    try {
      const input = keptInput(definitions, name, text);
      if (input && parameters.restore(name, input.value)) restored.push(name);
    } catch (error) {
      store.saveParameter(name, null);
      log.warn(`Parameter ${name}: the value kept from an earlier run is dropped because ${whyRefused(error)}; it starts with its initial value`);
    }
  }
  if (restored.length) log.info(`Restored parameters kept from an earlier run: ${restored.join(', ')}`);
}
