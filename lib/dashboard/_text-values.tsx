import { formatAgo, formatDateTime, formatNumber } from './_format.ts';
import type { TextSeries } from './_series.ts';

/** Variables with text values (labels, requests and answers as JSON): the latest value of each, the ones before it a click away. */
export function TextValues({ series, now }: { readonly series: readonly TextSeries[]; readonly now: number }) {
  return (
    <table class="table table-stack" aria-label="Latest text values">
      <thead>
        <tr>
          <th>Variable</th>
          <th>Latest value</th>
          <th class="right">When</th>
          <th class="right">Points</th>
        </tr>
      </thead>
      <tbody>
        {series.map(({ name, recent, count }) => {
          const [latest, ...earlier] = recent;
          return (
            <tr key={name} data-variable={name}>
              <td data-label="Variable" class="mono">{name}</td>
              <td data-label="Latest value" class="text-value">
                {earlier.length === 0 ? (
                  latest!.value
                ) : (
                  <details>
                    <summary title="Show the values before it">{latest!.value}</summary>
                    <ol>
                      {earlier.map((point) => (
                        <li key={point.at}>
                          {point.value} <span class="faint">({formatDateTime(point.at, now)})</span>
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </td>
              <td data-label="When" class="right nowrap" title={formatDateTime(latest!.at)}>{formatAgo(latest!.at, now)}</td>
              <td data-label="Points" class="right num">{formatNumber(count)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
