import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message the local SMTP server received: the envelope, and the message parsed as a mail client would. */
export interface ReceivedMail {
  from: string;
  to: string[];
  mail: ParsedMail;
  /** The plain text body. */
  text: string;
}

export interface TestSmtp {
  port: number;
  received: ReceivedMail[];
  /**
   * Resolves with the oldest message to `to` that no earlier call took (received already or later),
   * or rejects after `timeoutMs`.
   */
  next(to: string, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * A real SMTP server on a free local port, for tests: plain SMTP over TCP (no STARTTLS), with an
 * optional login; it keeps every message it accepts.
 */
export async function startTestSmtp(login?: { user: string; password: string }): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const unread: ReceivedMail[] = [];
  const waiting: { to: string; resolve: (m: ReceivedMail) => void }[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !login,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (login && auth.username === login.user && auth.password === login.password) {
        callback(null, { user: auth.username });
      } else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const message: ReceivedMail = {
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            mail,
            text: mail.text ?? '',
          };
          received.push(message);
          const w = waiting.find((x) => message.to.includes(x.to));
          if (w) {
            waiting.splice(waiting.indexOf(w), 1);
            w.resolve(message);
          } else unread.push(message);
          callback();
        })
        .catch((error: unknown) => callback(error as Error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    received,
    next(to, timeoutMs = 10_000) {
      const already = unread.find((m) => m.to.includes(to));
      if (already) {
        unread.splice(unread.indexOf(already), 1);
        return Promise.resolve(already);
      }
      return new Promise((resolve, reject) => {
        const entry = {
          to,
          resolve: (m: ReceivedMail) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(entry), 1);
          reject(new Error(`No mail to ${to} within ${timeoutMs} ms`));
        }, timeoutMs);
        waiting.push(entry);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
