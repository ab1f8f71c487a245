import { consola, LogLevels, type ConsolaInstance } from 'consola';

/** The logger tagged `mvi`; made per use because `withTag()` copies the level it is made with. */
export function mviLogger(): ConsolaInstance {
  return consola.withTag('mvi');
}

/** Whether debug messages are shown, so that costly ones are built only then. */
export function isDebugEnabled(): boolean {
  return consola.level >= LogLevels.debug;
}
