/** `error` and its causes, outermost first (fetch hides the socket's error two causes deep). */
export function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && !chain.includes(current); current = (current as { cause?: unknown } | null)?.cause) {
    chain.push(current);
  }
  return chain;
}
