import type { ServiceRecord } from '../manager/types.ts';

/** Links to each version of a name, the current one marked; nothing when there is only one. */
export function VersionTabs({ versions, current, href }: { readonly versions: readonly ServiceRecord[]; readonly current: string; readonly href: (version: string) => string }) {
  if (versions.length < 2) return null;
  return (
    <nav class="segmented" aria-label="Versions">
      {versions.map((record) => (
        <a key={record.version} href={href(record.version)} aria-current={record.version === current ? 'page' : undefined}>
          <span class="mono">{record.version}</span>
          <span class={`badge ${record.main ? 'badge-main' : 'badge-shadow'}`}>{record.main ? 'main' : 'shadow'}</span>
        </a>
      ))}
    </nav>
  );
}
