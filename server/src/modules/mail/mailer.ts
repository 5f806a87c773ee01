import type { Language } from '@numerek/shared';

/** One e-mail to a client: plain text, in the client's language. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  language: Language;
}

/**
 * Where e-mail to clients goes: the office's mail server, or nowhere when none is configured
 * (`enabled` false: callers skip the steps that need e-mail, such as confirming a booking).
 */
export interface Mailer {
  readonly enabled: boolean;
  /** Hands the message to the mail server; rejects when the server does not take it. */
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** The mailer of an office without a mail server: it sends nothing. */
export const noMailer: Mailer = {
  enabled: false,
  send: () => Promise.reject(new Error('No mail server is configured (SMTP_HOST).')),
  close: () => undefined,
};
