import { validateSync } from '../engine/validate.ts';
import type { EntrypointOptions, JobOptions, MonitorOptions, ParameterOptions } from './define-service.ts';
import { parseDuration } from './duration.ts';
import { isHttpMethod } from './http-methods.ts';
import { assertEntrypointName, assertSegmentName } from './names.ts';
import { parseRetention, RETENTION_UNITS } from './retention.ts';
import { parseSchedule } from './schedule.ts';
import type { EntrypointDefinition, JobDefinition, MonitorSettings, ParameterDefinition, RetentionLimit, Schema } from './types.ts';

// The checks and defaults behind each builder method: what the user wrote becomes a
// definition, or a TypeError that names the culprit.

function assertFunction(what: string, fn: unknown): void {
  if (typeof fn !== 'function') throw new TypeError(`${what} must be a function, got ${typeof fn}`);
}

function assertSchema(what: string, schema: unknown): asserts schema is Schema {
  if (typeof schema !== 'object' || schema === null || !('~standard' in schema)) {
    throw new TypeError(`${what} must be a valibot (or other Standard Schema) schema`);
  }
}

/** An entrypoint definition from `.entrypoint()`'s arguments. */
export function toEntrypoint(name: string, input: unknown, handler: unknown, options: EntrypointOptions): EntrypointDefinition {
  assertEntrypointName(name);
  assertSchema(`Entrypoint "${name}": the input schema`, input);
  assertFunction(`Entrypoint "${name}": the handler`, handler);
  const method = (options.method ?? 'POST').toUpperCase();
  if (!isHttpMethod(method)) {
    throw new TypeError(`Entrypoint "${name}": unknown HTTP method "${options.method}"; use GET, POST, PUT, DELETE or PATCH`);
  }
  const status = options.status ?? 200;
  if (!Number.isInteger(status) || status < 200 || status > 299) {
    throw new TypeError(`Entrypoint "${name}": success status must be an integer from 200 to 299, got ${status}`);
  }
  if (options.output !== undefined) assertSchema(`Entrypoint "${name}": the output schema`, options.output);
  return {
    kind: 'entrypoint',
    name,
    method,
    input,
    output: options.output,
    status,
    monitor: options.monitor ?? false,
    httpLogs: options.httpLogs ?? true,
    summary: options.summary,
    description: options.description,
    handler: handler as EntrypointDefinition['handler'],
  };
}

/** A parameter definition from `.parameter()`'s arguments; the initial value must pass its schema. */
export function toParameter(name: string, schema: unknown, initial: unknown, options: ParameterOptions): ParameterDefinition {
  assertSegmentName('Parameter', name);
  assertSchema(`Parameter "${name}": the schema`, schema);
  let value: unknown;
  try {
    value = validateSync(schema, initial, ['value']);
  } catch (error) {
    const detail = (error as { body?: { detail?: unknown } }).body?.detail;
    throw new TypeError(
      `Parameter "${name}": the initial value ${JSON.stringify(initial)} fails its schema${detail ? `: ${JSON.stringify(detail)}` : ''}`,
      { cause: error },
    );
  }
  return {
    kind: 'parameter',
    name,
    schema,
    initial: structuredClone(value),
    expose: options.expose ?? true,
    monitor: options.monitor ?? false,
    httpLogs: options.httpLogs ?? true,
    persist: options.persist ?? true,
  };
}

/** A job definition from `.every()`'s arguments. */
export function toJob(interval: number | string, run: unknown, options: JobOptions, index: number): JobDefinition {
  const fnName = typeof run === 'function' ? run.name : '';
  const name = options.name ?? (fnName || `job-${index + 1}`);
  assertFunction(`Job "${name}"`, run);
  return {
    kind: 'job',
    name,
    schedule: parseSchedule(interval, name),
    waitFirst: options.waitFirst ?? false,
    run: run as JobDefinition['run'],
  };
}

function toRetention(retention: string | RetentionLimit): RetentionLimit {
  const parsed = typeof retention === 'string' ? parseRetention(retention) : retention;
  if (!parsed || !Number.isInteger(parsed.limit) || parsed.limit <= 0 || !RETENTION_UNITS.includes(parsed.unit)) {
    throw new TypeError(`Invalid retention ${JSON.stringify(retention)}; use e.g. '90 days' or '10000 rows'`);
  }
  return { limit: parsed.limit, unit: parsed.unit };
}

/** Monitoring settings from `.monitor()`'s options, over the current ones. */
export function toMonitor(current: MonitorSettings, options: MonitorOptions<Record<string, Schema> | undefined>): MonitorSettings {
  const cleanEvery = options.cleanEvery === undefined ? current.cleanEvery : parseDuration(options.cleanEvery);
  if (cleanEvery === undefined && options.cleanEvery !== undefined) {
    throw new TypeError(`Invalid cleanEvery ${JSON.stringify(options.cleanEvery)}; use seconds or a duration such as '1h'`);
  }
  for (const [name, schema] of Object.entries(options.variables ?? {})) {
    assertSchema(`Monitored variable "${name}": the schema`, schema);
  }
  return {
    retention: options.retention === undefined ? current.retention : toRetention(options.retention),
    cleanEvery,
    variables: options.variables ? { ...options.variables } : current.variables,
  };
}

