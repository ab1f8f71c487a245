const BASE = 'http://mvi.invalid';

/**
 * Where a login may send the browser: `destination` when it is a path on this host (a single
 * leading `/`; not `//host`, `/\host`, a scheme or anything a browser would read as another
 * host), else `/`. This is what keeps the login from being an open redirect.
 * @example
 * safeDestination('/services/'); // '/services/'
 * safeDestination('//evil.com'); // '/'
 */
export function safeDestination(destination: unknown): string {
  if (typeof destination !== 'string' || !destination.startsWith('/')) return '/';
  // Browsers drop tabs and newlines from URLs and read `\` as `/`: `/\t/evil.com` is `//evil.com` to them.
  const unsafe = (char: string) => char <= ' ' || char === '\u007f' || char === '\\';
  if (destination[1] === '/' || [...destination].some(unsafe)) return '/';
  return URL.canParse(destination, BASE) && new URL(destination, BASE).origin === BASE ? destination : '/';
}
