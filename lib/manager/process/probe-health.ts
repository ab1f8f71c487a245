import { request } from 'undici';

/** What answers a health probe counts as healthy. */
export type HealthRule = 'mvi' | 'http';

/**
 * One health probe: an mvi service is healthy when `GET {rootPath}/~health` answers 200 (it is
 * 503 while its store cannot write); a command of another language is healthy once its port
 * answers HTTP at all, since nothing says which of its paths exist. False on no answer within
 * `timeout` ms.
 */
export async function probeHealth(origin: string, rootPath: string, rule: HealthRule, token: string | undefined, timeout = 2_000): Promise<boolean> {
  try {
    const { statusCode, body } = await request(`${origin}${rule === 'mvi' ? `${rootPath}/~health` : `${rootPath}/`}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      headersTimeout: timeout,
      bodyTimeout: timeout,
    });
    await body.dump();
    return rule === 'http' || statusCode === 200;
  } catch {
    return false;
  }
}
