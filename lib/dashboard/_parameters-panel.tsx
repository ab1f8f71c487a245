import { useMemo } from 'preact/hooks';
import { api } from './_api.ts';
import { parameterFields } from './_parameter-fields.ts';
import { ParameterRow } from './_parameter-row.tsx';
import { serviceRouteError } from './_service-route-error.ts';
import { usePoll } from './_use-poll.ts';

/** A version's parameters, read through the gateway; the exposed ones can be set. */
export function ParametersPanel({ name, version }: { readonly name: string; readonly version: string }) {
  const key = `${name}_${version}`;
  const values = usePoll(key, 10_000, (signal) =>
    api.parameters(name, version, signal).catch((error: unknown) => {
      throw serviceRouteError(error, '/~parameters', 'parameters to set');
    }),
  );
  // Where a service has no OpenAPI document (a service of another kind), its parameters are shown but not offered for editing.
  const doc = usePoll(key, 0, (signal) => api.openapi(name, version, signal).catch(() => undefined));
  const fields = useMemo(() => (values.data ? parameterFields(values.data, doc.data) : undefined), [values.data, doc.data]);
  return (
    <section class="card" aria-labelledby="parameters-title">
      <div class="card-head">
        <h2 id="parameters-title">Parameters</h2>
      </div>
      {fields === undefined ? (
        <div class="empty">{values.error ?? 'Loading…'}</div>
      ) : fields.length === 0 ? (
        <div class="empty">
          <strong>No parameters</strong>
          Add them with <code>.parameter()</code> to tune the service while it runs.
        </div>
      ) : (
        <ul class="params">
          {fields.map((field) => (
            <ParameterRow key={field.name} service={{ name, version }} field={field} onSaved={values.refresh} />
          ))}
        </ul>
      )}
    </section>
  );
}
