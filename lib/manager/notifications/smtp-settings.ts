/** Where e-mail goes, read from an `smtp://` or `smtps://` URL, with what must never be shown of it. */
export interface SmtpSettings {
  /** The URL as given, with its credentials: for the transport only. */
  readonly url: string;
  /** The URL with its password replaced by `***`, for logs. */
  readonly shown: string;
  /** Whether TLS starts at once (`smtps://`, usually port 465) rather than by STARTTLS (`smtp://`, usually 587). */
  readonly implicitTls: boolean;
  /** The user name of the URL, if any. */
  readonly user: string | undefined;
  /** Removes the password, in every form it travels in, from a text about this server. */
  redact(text: string): string;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

// A bad URL may still hold the password: say what is wrong, never the URL itself.
const invalid = (name: string, why: string) => new TypeError(`${name} ${why}, e.g. smtp://user:password@mail.example.com:587 (STARTTLS) or smtps://user:password@mail.example.com:465`);

/** Reads `url` (named `name` in errors, e.g. `MVI_SMTP_URL`); throws a TypeError that never contains the URL. */
export function parseSmtpUrl(url: string, name: string): SmtpSettings {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid(name, 'is not a URL');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') throw invalid(name, `must start with smtp:// or smtps:// (not ${parsed.protocol}//)`);
  if (!parsed.hostname) throw invalid(name, 'names no host');
  const user = parsed.username ? decodeURIComponent(parsed.username) : undefined;
  const password = decodeURIComponent(parsed.password);
  // As written, as sent, and base64 the way AUTH LOGIN and AUTH PLAIN carry it: a server may
  // echo any of them back in an error.
  const secrets = password
    ? [...new Set([parsed.password, password, b64(password), b64(`\0${user ?? ''}\0${password}`)])].sort((a, b) => b.length - a.length)
    : [];
  const shown = new URL(url);
  if (shown.password) shown.password = '***';
  return {
    url,
    shown: shown.href,
    implicitTls: parsed.protocol === 'smtps:',
    user,
    redact: (text) => secrets.reduce((out, secret) => out.replaceAll(secret, '***'), text),
  };
}
