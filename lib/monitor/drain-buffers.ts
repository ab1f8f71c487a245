import type { ParameterBuffer } from './_parameter-buffer.ts';
import type { WriteBuffer } from './write-buffer.ts';

/** What a closing store could not write, and why. */
export interface Drained {
  readonly lost: number;
  readonly lostParameters: number;
  readonly failure: unknown;
}

/** Writes what a closing store still holds, its points first; never throws, but tells what it could not write. */
export async function drainBuffers(buffer: WriteBuffer, parameters: ParameterBuffer): Promise<Drained> {
  let failure: unknown;
  await buffer.flush().catch((error: unknown) => (failure = error));
  await parameters.flush().catch((error: unknown) => (failure ??= error));
  return { lost: buffer.size, lostParameters: parameters.size, failure };
}

/**
 * Ends a store's close once its resources are released: an error counting what was lost, else
 * the drain's failure, else `later` (a failure while releasing them).
 */
export function endClose({ lost, lostParameters, failure }: Drained, later?: unknown): void {
  if (lost > 0 || lostParameters > 0) {
    throw new Error(`The monitor store closed with ${lost} points and ${lostParameters} parameter values it could not write`, { cause: failure ?? later });
  }
  if (failure !== undefined) throw failure;
  if (later !== undefined) throw later;
}
