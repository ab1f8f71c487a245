const two = (n: number) => String(n).padStart(2, '0');

/**
 * An ISO 8601 time as `2025-06-01 14:03`, in this machine's time zone: readable, sortable, and
 * the same whatever the locale (toLocaleString's form changes with it, and breaks columns).
 */
export function formatLocalTime(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${two(date.getHours())}:${two(date.getMinutes())}`;
}
