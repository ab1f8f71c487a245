import type { TargetedSubmitEvent } from 'preact';
import { useState } from 'preact/hooks';
import { RANGE_PRESETS, rangeFromInputs, resolveRange, toLocalInput, type TimeRange } from './_time-range.ts';

interface Props {
  readonly range: TimeRange;
  readonly now: number;
  readonly onChange: (range: TimeRange) => void;
}

/** The time range of the charts: the last 15 min … 30 days, or a custom span between two moments. */
export function RangePicker({ range, now, onChange }: Props) {
  const [custom, setCustom] = useState(range.kind === 'between');
  const [error, setError] = useState<string>();
  const { start, end } = resolveRange(range, now);
  const apply = (event: TargetedSubmitEvent<HTMLFormElement>) => {
    event.preventDefault();
    const fields = new FormData(event.currentTarget);
    const picked = rangeFromInputs(String(fields.get('from') ?? ''), String(fields.get('to') ?? ''));
    if (typeof picked === 'string') return setError(picked);
    setError(undefined);
    onChange(picked);
  };
  return (
    <div class="range">
      <div class="segmented" role="group" aria-label="Time range">
        {RANGE_PRESETS.map((preset) => (
          <button
            type="button"
            key={preset.id}
            aria-pressed={range.kind === 'last' && range.preset === preset.id}
            onClick={() => {
              setCustom(false);
              onChange({ kind: 'last', preset: preset.id });
            }}
          >
            {preset.label}
          </button>
        ))}
        <button type="button" aria-pressed={custom || range.kind === 'between'} onClick={() => setCustom(!custom)}>
          Custom
        </button>
      </div>
      {(custom || range.kind === 'between') && (
        <form class="range-custom" onSubmit={apply} key={range.kind === 'between' ? `${range.start}-${range.end}` : range.preset}>
          <input type="datetime-local" name="from" aria-label="From" defaultValue={toLocalInput(start)} />
          <span class="muted">to</span>
          <input type="datetime-local" name="to" aria-label="To" defaultValue={toLocalInput(end)} />
          <button type="submit" class="button button-small">Apply</button>
          {error && <span class="alert alert-bad">{error}</span>}
        </form>
      )}
    </div>
  );
}
