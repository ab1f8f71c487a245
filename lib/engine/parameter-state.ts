import { deepFreeze } from '../service/deep-freeze.ts';
import type { ParameterDefinition } from '../service/types.ts';
import { httpError } from './http-error.ts';
import { validateSync } from './validate.ts';

// Frozen copies: a handler mutating the object it read must not change the parameter.
const frozenCopy = (value: unknown) => deepFreeze(structuredClone(value));

/** The live values of a service's parameters. */
export interface ParameterState {
  /** The current value; throws 404 for an unknown name. */
  get(name: string): unknown;
  /** Every parameter's current value, by name. */
  all(): Record<string, unknown>;
  /** Validates and sets a value; throws 404 (unknown), 405 (not exposed, when `viaHttp`) or 422. */
  set(name: string, value: unknown, viaHttp?: boolean): unknown;
  /** Throws 404 for an unknown name, and 405 when `viaHttp` and the parameter is not exposed. */
  assertSettable(name: string, viaHttp: boolean): void;
  /** Takes a value kept from an earlier run unless the parameter was set since; false when skipped, throws 422 when it fails the schema. */
  restore(name: string, input: unknown): boolean;
  /** Takes a value another replica set (which stored and kept it): validated, but not passed to `onChange`; throws 422 when it fails the schema. */
  adopt(name: string, input: unknown): void;
}

/**
 * Holds parameter values, starting from their initial values. `onChange` sees every new value
 * (and the input it came from) before it is taken, and may refuse it by throwing (a monitored
 * value the store cannot keep).
 */
export function createParameterState(
  definitions: Readonly<Record<string, ParameterDefinition>>,
  onChange: (definition: ParameterDefinition, value: unknown, input: unknown) => void,
): ParameterState {
  const values = new Map<string, unknown>(Object.values(definitions).map((d) => [d.name, d.initial]));
  const changed = new Set<string>();
  const definition = (name: string): ParameterDefinition => {
    const found = Object.hasOwn(definitions, name) ? definitions[name] : undefined;
    if (!found) throw httpError(404, `Parameter "${name}" not found`);
    return found;
  };
  const assertSettable = (name: string, viaHttp: boolean): ParameterDefinition => {
    const found = definition(name);
    if (viaHttp && !found.expose) {
      throw httpError(405, `Parameter "${name}" cannot be changed over HTTP`, { headers: { Allow: 'GET, HEAD' } });
    }
    return found;
  };
  return {
    get: (name) => (definition(name), values.get(name)),
    all: () => Object.fromEntries(values),
    assertSettable: (name, viaHttp) => void assertSettable(name, viaHttp),
    set(name, value, viaHttp = false) {
      const found = assertSettable(name, viaHttp);
      const next = frozenCopy(validateSync(found.schema, value, ['body', 'value']));
      try {
        onChange(found, next, value);
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
        throw httpError(422, [{ loc: ['body', 'value'], msg: error.message, type: 'value_error' }], { cause: error });
      }
      values.set(name, next);
      changed.add(name);
      return next;
    },
    restore(name, input) {
      const found = definition(name);
      if (changed.has(name)) return false;
      values.set(name, frozenCopy(validateSync(found.schema, input, ['value'])));
      return true;
    },
    adopt(name, input) {
      values.set(name, frozenCopy(validateSync(definition(name).schema, input, ['value'])));
      changed.add(name);
    },
  };
}
