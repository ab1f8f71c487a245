import type { ServiceRecord } from '../manager/types.ts';
import { type Severity, severityName } from '../protocol/severity.ts';

/** A version's process status, as a coloured dot and its word. */
export function StatusBadge({ status }: { readonly status: ServiceRecord['status'] }) {
  return <span class={`badge status status-${status}`}>{status}</span>;
}

/** Whether a version answers callers (main) or gets copies (shadow). */
export function RoleBadge({ main }: { readonly main: boolean }) {
  return main ? <span class="badge badge-main">main</span> : <span class="badge badge-shadow">shadow</span>;
}

/** A notification's severity. */
export function SeverityBadge({ severity }: { readonly severity: Severity }) {
  return <span class={`badge severity severity-${severity}`}>{severityName(severity)?.toLowerCase() ?? severity}</span>;
}
