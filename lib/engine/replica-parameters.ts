import type { ConsolaInstance } from 'consola';
import type { ReplicaCoordination } from '../monitor/types.ts';
import type { ParameterDefinition } from '../service/types.ts';
import type { ParameterState } from './parameter-state.ts';
import { keptInput, whyRefused } from './restore-parameters.ts';

/**
 * Gives this replica every value of a kept parameter that another replica of the version sets
 * (the store tells, in the order they were saved); returns a function that stops it. A value
 * this version's schema refuses is left out with a warning (the replicas run other code).
 */
export function followReplicaParameters(
  replicas: ReplicaCoordination,
  definitions: Readonly<Record<string, ParameterDefinition>>,
  parameters: ParameterState,
  log: ConsolaInstance,
): () => void {
  return replicas.onParameter((name, text) => {
    try {
      const kept = keptInput(definitions, name, text);
      if (!kept) return;
      parameters.adopt(name, kept.value);
      log.info(`Parameter ${name} changed on another replica`);
    } catch (error) {
      // Never the value: the schema's messages quote it.
      log.warn(`Parameter ${name}: the value another replica set is left out because ${whyRefused(error)}`);
    }
  });
}
