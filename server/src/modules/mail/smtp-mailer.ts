import type { Transporter } from 'nodemailer';
import type { MailConfig } from '../../config/config.ts';
import type { MailMessage, Mailer } from './mailer.ts';

/**
 * Sends e-mail through the office's SMTP server (`SMTP_*`), one pooled connection at a time. The mail
 * library is loaded with the first message, so a server that sends none does not hold it in memory.
 */
export class SmtpMailer implements Mailer {
  readonly enabled = true;
  private transport: Promise<Transporter> | null = null;
  private readonly from: string;

  constructor(private readonly config: MailConfig) {
    this.from = config.from;
  }

  private async open(): Promise<Transporter> {
    const config = this.config;
    const { createTransport } = await import('nodemailer');
    return createTransport({
      host: config.host,
      port: config.port,
      secure: config.tls === 'tls',
      // STARTTLS is required unless the office says its relay is plain; a plain relay is never upgraded
      // half-way, so a broken certificate cannot make delivery depend on chance.
      requireTLS: config.tls === 'starttls',
      ignoreTLS: config.tls === 'none',
      ...(config.user !== undefined ? { auth: { user: config.user, pass: config.password ?? '' } } : {}),
      pool: true,
      maxConnections: 1,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async send(message: MailMessage): Promise<void> {
    this.transport ??= this.open();
    const transport = await this.transport;
    await transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      headers: { 'Content-Language': message.language },
    });
  }

  close(): void {
    void this.transport?.then(
      (t) => t.close(),
      () => undefined,
    );
  }
}
