import { createTransport, type Transporter } from 'nodemailer';
import type { MailConfig } from '../../config/config.ts';
import type { MailMessage, Mailer } from './mailer.ts';

/** Sends e-mail through the office's SMTP server (`SMTP_*`), one pooled connection at a time. */
export class SmtpMailer implements Mailer {
  readonly enabled = true;
  private readonly transport: Transporter;
  private readonly from: string;

  constructor(config: MailConfig) {
    this.from = config.from;
    this.transport = createTransport({
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
    await this.transport.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      headers: { 'Content-Language': message.language },
    });
  }

  close(): void {
    this.transport.close();
  }
}
