// The two answers of a disagreement, made easy to compare: JSON laid out one value a line, and
// the lines that only one of them has marked.

/** A body as readable lines: JSON pretty-printed (the gateway compares JSON by value), anything else as it came. */
export function bodyLines(body: string, truncated: boolean): string[] {
  if (body === '') return ['(empty)'];
  let text = body;
  if (!truncated) {
    try {
      text = JSON.stringify(JSON.parse(body), null, 2);
    } catch {
      // Not JSON: shown as it is.
    }
  }
  const lines = text.split('\n');
  return truncated ? [...lines, '… (cut: the rest was not kept)'] : lines;
}

/** For each of `lines`, whether `other` lacks it (counting repeats): the lines that differ. */
export function unmatchedLines(lines: readonly string[], other: readonly string[]): boolean[] {
  const left = new Map<string, number>();
  for (const line of other) left.set(line, (left.get(line) ?? 0) + 1);
  return lines.map((line) => {
    const count = left.get(line) ?? 0;
    if (count > 0) left.set(line, count - 1);
    return count === 0;
  });
}
