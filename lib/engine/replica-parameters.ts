import type { ConsolaInstance } from 'consola';
import type { ReplicaCoordination } from '../monitor/types.ts';
import type { ParameterDefinition } from '../service/types.ts';
import type { ParameterState } from './parameter-state.ts';

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
    if (!Object.hasOwn(definitions, name) || !definitions[name]!.persist) return;
    try {
      const { value } = JSON.parse(text) as { value?: unknown };
      parameters.adopt(name, value);
      log.info(`Parameter ${name} changed on another replica`);
    } catch (error) {
      log.warn(`Parameter ${name}: the value another replica set is left out because it fails this version's schema`, (error as { body?: unknown }).body ?? error);
    }
  });
}
