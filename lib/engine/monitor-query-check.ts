import type { MonitorQuery, MonitorStore } from '../monitor/types.ts';
import { httpError } from './http-error.ts';

// The variables a 412 names, at most 20 of them: a store may hold thousands.
function storedVariables(variables: readonly string[]): string {
  if (variables.length === 0) return 'Nothing is stored yet.';
  const shown = [...variables].sort().slice(0, 20).join(', ');
  return `Stored variables: ${shown}${variables.length > 20 ? ` and ${variables.length - 20} more` : ''}.`;
}

/** Throws the 422 of an end before the start, or the 412 of a variable `store` does not hold, naming those it does. */
export async function assertAnswerable(query: MonitorQuery, store: Pick<MonitorStore, 'variables'>): Promise<void> {
  const { start, end } = query;
  if (start !== undefined && end !== undefined && end < start) {
    const msg = `end ${new Date(end).toISOString()} is before start ${new Date(start).toISOString()}: no time is in that range`;
    throw httpError(422, [{ loc: ['query', 'end'], msg, type: 'value_error' }]);
  }
  if (!query.variables?.length) return;
  const variables = await store.variables();
  const known = new Set(variables);
  const unknown = query.variables.find((variable) => !known.has(variable));
  // The seed's words first (its clients may match them), then what there is to ask for.
  if (unknown !== undefined) throw httpError(412, `Timeseries with identifier ${unknown} does not exist! ${storedVariables(variables)}`);
}
