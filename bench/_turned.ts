/**
 * `items` in the order of round `round` of `rounds`: turned so that each starts at another place,
 * spread over the list, and no item is always measured late in a round.
 */
export function turned<T>(items: readonly T[], round: number, rounds: number): T[] {
  const turn = Math.floor((round * items.length) / rounds) % items.length;
  return [...items.slice(turn), ...items.slice(0, turn)];
}
