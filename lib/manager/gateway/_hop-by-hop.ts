// Headers that belong to one connection (RFC 9110 §7.6.1), never passed on by a proxy.
const HOP_BY_HOP: ReadonlySet<string> = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Lower-case names of the hop-by-hop headers of a message, with those its `Connection` header names. */
export function hopByHop(connection: string | string[] | undefined): ReadonlySet<string> {
  if (connection === undefined || connection === 'keep-alive' || connection === 'close') return HOP_BY_HOP;
  const names = new Set(HOP_BY_HOP);
  for (const token of String(connection).split(',')) names.add(token.trim().toLowerCase());
  return names;
}
