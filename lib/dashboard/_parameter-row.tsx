import type { TargetedSubmitEvent } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './_api.ts';
import { ApiError } from './_api-error.ts';
import { constraintsOf, readInput, toInputText, type ParameterField } from './_parameter-fields.ts';

interface Props {
  readonly service: { readonly name: string; readonly version: string };
  readonly field: ParameterField;
  /** After a value was set: to read the parameters again. */
  readonly onSaved: () => void;
}

type Outcome = { readonly ok: true; readonly sent: string } | { readonly ok: false; readonly messages: readonly string[] };

function Input({ field, text, invalid, onInput }: { readonly field: ParameterField; readonly text: string; readonly invalid: boolean; readonly onInput: (text: string) => void }) {
  const common = { id: `param-${field.name}`, name: 'value', 'aria-invalid': invalid, 'aria-describedby': `param-${field.name}-note` };
  const changed = (event: { readonly currentTarget: { readonly value: string } }) => onInput(event.currentTarget.value);
  if (field.kind === 'boolean' || field.kind === 'choice') {
    const choices = field.kind === 'boolean' ? ['true', 'false'] : (Array.isArray(field.schema.enum) ? field.schema.enum : []).map(String);
    return (
      <select {...common} value={text} onChange={changed}>
        {choices.map((choice) => <option key={choice} value={choice}>{choice}</option>)}
      </select>
    );
  }
  if (field.kind === 'json') return <textarea {...common} rows={3} value={text} onInput={changed} />;
  if (field.kind === 'text') return <input {...common} type="text" value={text} onInput={changed} />;
  // No min/max here: the service's own validation answers, with its own words.
  return <input {...common} type="number" step={field.kind === 'integer' ? 1 : 'any'} value={text} onInput={changed} />;
}

/** One parameter: its value, and where it is exposed, a field to set it with the service's validation errors shown under it. */
export function ParameterRow({ service, field, onSaved }: Props) {
  const current = toInputText(field.kind, field.value);
  const [text, setText] = useState(current);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const typing = useRef(dirty);
  typing.current = dirty;
  // A value set elsewhere (or read back after a save) shows, unless the user is typing a new one.
  useEffect(() => {
    if (!typing.current) setText(current);
  }, [current]);
  const rules = constraintsOf(field.schema);
  const save = async (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const read = readInput(field, text);
    if ('error' in read) return setOutcome({ ok: false, messages: [read.error] });
    setSaving(true);
    try {
      await api.setParameter(service.name, service.version, field.name, read.value);
      setOutcome({ ok: true, sent: text });
      setDirty(false);
      onSaved();
    } catch (error) {
      setOutcome({ ok: false, messages: error instanceof ApiError ? error.messages : [String(error)] });
    } finally {
      setSaving(false);
    }
  };
  return (
    <li class="param" data-parameter={field.name}>
      <div class="param-head">
        <label class="param-name" for={`param-${field.name}`}>{field.name}</label>
        {!field.exposed && <span class="faint" title="Set by the service itself, not over HTTP">read-only</span>}
      </div>
      {field.exposed ? (
        <form class="param-form" onSubmit={save} noValidate>
          <Input
            field={field}
            text={text}
            invalid={outcome?.ok === false}
            onInput={(next) => {
              setText(next);
              setDirty(next !== current);
              setOutcome(undefined);
            }}
          />
          <button type="submit" class="button button-small" disabled={saving || !dirty}>Set</button>
        </form>
      ) : (
        <div class="param-value">{current}</div>
      )}
      <div id={`param-${field.name}-note`}>
        {outcome?.ok === false && <p class="alert alert-bad" role="alert">{outcome.messages.join(' ')}</p>}
        {outcome?.ok === true && <p class="alert alert-ok" role="status">Set to {outcome.sent}</p>}
        {outcome === undefined && field.exposed && rules.length > 0 && <div class="param-rules">{rules.join(' · ')}</div>}
      </div>
    </li>
  );
}
