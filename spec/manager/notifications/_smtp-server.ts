import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { readMail, type Mail } from './_read-mail.ts';

/** What a test SMTP server received, and how to stop it. */
export interface TestSmtpServer {
  readonly port: number;
  /** The messages received, decoded, each with the session's state when it arrived. */
  readonly mails: (Mail & { readonly secure: boolean; readonly user: string | undefined; readonly to: string[] })[];
  /** Every `user:password` pair a client logged in with. */
  readonly logins: string[];
  /** Resolves once `count` messages have arrived. */
  received(count: number): Promise<void>;
  close(): Promise<void>;
}

/** A certificate for localhost and 127.0.0.1, made for this test run (node:crypto makes keys, not X.509 certificates). */
export interface TestCertificate {
  readonly key: string;
  readonly cert: string;
}

export async function makeCertificate(): Promise<TestCertificate> {
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * Starts an SMTP server on a free port of 127.0.0.1 that accepts every login and keeps what it
 * receives; `options` change that (`secure: true` for implicit TLS, `onAuth` to refuse, …).
 */
export async function startSmtpServer(certificate: TestCertificate, options: SMTPServerOptions = {}): Promise<TestSmtpServer> {
  const mails: TestSmtpServer['mails'] = [];
  const logins: string[] = [];
  const waiting: { count: number; resolve(): void }[] = [];
  const server = new SMTPServer({
    ...certificate,
    logger: false,
    authMethods: ['PLAIN', 'LOGIN'],
    onAuth(auth, _session, callback) {
      logins.push(`${auth.username}:${auth.password}`);
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push({
          ...readMail(Buffer.concat(chunks).toString('utf8')),
          secure: session.secure,
          user: typeof session.user === 'string' ? session.user : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        for (const w of waiting.filter((w) => mails.length >= w.count)) w.resolve();
        callback();
      });
    },
    ...options,
  });
  // A client that gives up mid-handshake is an 'error' event: without a listener it would crash the run.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as AddressInfo).port,
    mails,
    logins,
    received: (count) => (mails.length >= count ? Promise.resolve() : new Promise((resolve) => waiting.push({ count, resolve }))),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
