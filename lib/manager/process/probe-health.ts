import { request } from 'undici';

/** What answers a health probe counts as healthy. */
export type HealthRule = 'mvi' | 'http';

/**
 * One health probe: an mvi service is healthy when `GET {rootPath}/~health` answers 200 (it is
 * 503 while its store cannot write); a command of another language is healthy once its port
 * answers HTTP at all, since nothing says which of its paths exist. False on no answer.
 */
export async function probeHealth(origin: string, rootPath: string, rule: HealthRule, token: string | undefined): Promise<boolean> {
  try {
    const { statusCode, body } = await request(`${origin}${rule === 'mvi' ? `${rootPath}/~health` : `${rootPath}/`}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
      headersTimeout: 2_000,
      bodyTimeout: 2_000,
    });
    await body.dump();
    return rule === 'http' || statusCode === 200;
  } catch {
    return false;
  }
}
