/**
 * The query string of a GET call's arguments: one parameter per key, strings as they are and
 * any other value as JSON text (`3`, `true`, `[1,6]`, `null`), which our services read back
 * as JSON where the schema needs it; undefined values are left out.
 */
export function toQuery(args: unknown): string {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) {
    throw new TypeError(`A GET call sends its arguments as query parameters, so they must be an object such as { sides: 6 }, got ${JSON.stringify(args)}`);
  }
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(args)) {
    // JSON text rather than repeated keys: a one-element array would come back as a lone value.
    if (value !== undefined) params.append(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return params.toString();
}
