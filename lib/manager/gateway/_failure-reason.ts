import { causeChain } from '../../communication/_cause-chain.ts';

const REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'refused the connection',
  ECONNRESET: 'reset the connection',
  EPIPE: 'closed the connection',
  UND_ERR_SOCKET: 'closed the connection',
  UND_ERR_CONNECT_TIMEOUT: 'did not accept the connection in time',
  UND_ERR_HEADERS_TIMEOUT: 'did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'stopped answering in time',
  UND_ERR_DESTROYED: 'was forgotten by the gateway',
  UND_ERR_CLOSED: 'was forgotten by the gateway',
};

/** Why an upstream gave no answer, in words for a `detail`, without internals. */
export function failureReason(error: unknown): string {
  for (const cause of causeChain(error)) {
    const code = (cause as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && code in REASONS) return REASONS[code]!;
  }
  return 'failed to answer';
}

/** Whether an upstream refused the connection: it never got the request, so another replica may be sent it whatever its method. */
export function refusedConnection(error: unknown): boolean {
  for (const cause of causeChain(error)) if ((cause as { code?: unknown } | null)?.code === 'ECONNREFUSED') return true;
  return false;
}
