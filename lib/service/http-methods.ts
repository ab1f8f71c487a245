/** The HTTP methods an entrypoint may answer to. */
export const HTTP_METHODS = Object.freeze(['GET', 'POST', 'PUT', 'DELETE', 'PATCH'] as const);

/** An HTTP method an entrypoint may answer to. */
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Whether `method` is one of {@link HTTP_METHODS} (upper case). */
export function isHttpMethod(method: string): method is HttpMethod {
  return (HTTP_METHODS as readonly string[]).includes(method);
}
