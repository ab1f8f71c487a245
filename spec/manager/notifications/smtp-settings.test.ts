import { describe, expect, it } from 'vitest';
import { parseSmtpUrl } from '../../../lib/manager/notifications/smtp-settings.ts';

const b64 = (text: string) => Buffer.from(text).toString('base64');

describe('parseSmtpUrl()', () => {
  it('tells STARTTLS from implicit TLS and shows the URL without its password', () => {
    expect(parseSmtpUrl('smtp://me%40example.com:p%40ss@mail.example.com:587', 'X')).toMatchObject({
      implicitTls: false,
      user: 'me@example.com',
      shown: 'smtp://me%40example.com:***@mail.example.com:587',
    });
    expect(parseSmtpUrl('smtps://me:pw@mail.example.com:465', 'X')).toMatchObject({ implicitTls: true, shown: 'smtps://me:***@mail.example.com:465' });
    expect(parseSmtpUrl('smtp://relay.local:25?requireTLS=false', 'X')).toMatchObject({ user: undefined, shown: 'smtp://relay.local:25?requireTLS=false' });
  });

  it('redacts the password as written, as sent and in the base64 of AUTH LOGIN and AUTH PLAIN', () => {
    const { redact } = parseSmtpUrl('smtp://me:p%40ss@mail.example.com:587', 'X');
    const text = `p%40ss p@ss ${b64('p@ss')} ${b64('\0me\0p@ss')} kept`;
    expect(redact(text)).toBe('*** *** *** *** kept');
    expect(parseSmtpUrl('smtp://mail.example.com', 'X').redact('nothing to hide')).toBe('nothing to hide');
  });

  it('throws a TypeError naming the setting, never the URL', () => {
    for (const [url, why] of [
      ['mail.example.com:587', /^X must start with smtp:\/\/ or smtps:\/\/ \(not mail\.example\.com:\/\/\)/],
      ['https://me:secret@mail.example.com', /^X must start with smtp:\/\/ or smtps:\/\/ \(not https:\/\/\)/],
      ['smtp:secret', /^X names no host/],
      ['not a url secret', /^X is not a URL/],
    ] as const) {
      expect(() => parseSmtpUrl(url, 'X')).toThrow(why);
      expect(() => parseSmtpUrl(url, 'X')).not.toThrow(/secret/);
    }
  });
});
