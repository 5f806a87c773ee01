import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSmtp, type TestSmtp } from '../../testing/test-smtp.ts';
import { bookedMail, confirmMail } from './booking-mail.ts';
import { SmtpMailer } from './smtp-mailer.ts';

const booking = {
  officeName: 'Urząd Miasta Testowo',
  day: '2026-04-14',
  time: '10:15',
  code: '048213',
  manageUrl: 'https://kolejka.urzad.example/book/?booking=bk_abc123',
  checkInBeforeMinutes: 30,
  checkInAfterMinutes: 5,
};

describe('e-mail through the office’s SMTP server', () => {
  let smtp: TestSmtp;
  beforeAll(async () => {
    smtp = await startTestSmtp({ user: 'numerek', password: 'mail-password-1' });
  });
  afterAll(() => smtp.close());

  it('delivers the booking mail over SMTP with a login, in the booker’s language, with code, slot, office and link', async () => {
    const mailer = new SmtpMailer({
      host: '127.0.0.1',
      port: smtp.port,
      tls: 'none',
      user: 'numerek',
      password: 'mail-password-1',
      from: 'Urząd Miasta <rezerwacje@urzad.example>',
    });
    try {
      for (const [language, category, weekday] of [
        ['pl', 'Dowody osobiste', 'wtorek'],
        ['en', 'ID cards', 'Tuesday'],
        ['uk', 'Посвідчення особи', 'вівторок'],
      ] as const) {
        const to = `jan.${language}@example.org`;
        await mailer.send(bookedMail({ ...booking, to, language, categoryName: category }));
        const got = await smtp.next(to);
        expect(got.from).toBe('rezerwacje@urzad.example');
        expect(got.mail.from?.text).toContain('Urząd Miasta');
        expect(got.mail.headers.get('content-language')).toBe(language);
        expect(got.mail.subject).toContain('048213');
        expect(got.mail.subject).toContain('10:15');
        for (const part of [category, weekday, '10:15', '048213', booking.manageUrl, booking.officeName])
          expect(got.text).toContain(part);
        expect(got.mail.html).toBe(false);
      }
    } finally {
      mailer.close();
    }
  });

  it('delivers the confirmation code without a login to a plain local relay', async () => {
    const open = await startTestSmtp();
    const mailer = new SmtpMailer({
      host: '127.0.0.1',
      port: open.port,
      tls: 'none',
      user: undefined,
      password: undefined,
      from: 'rezerwacje@urzad.example',
    });
    try {
      await mailer.send(
        confirmMail({
          to: 'ola@example.org',
          language: 'pl',
          officeName: booking.officeName,
          categoryName: 'Meldunki',
          day: booking.day,
          time: booking.time,
          confirmCode: '771204',
          validMinutes: 15,
        }),
      );
      const got = await open.next('ola@example.org');
      expect(got.mail.subject).toBe('Kod potwierdzenia rezerwacji: 771204');
      expect(got.text).toContain('771204');
      expect(got.text).toContain('Meldunki');
      expect(got.text).toContain('15 min');
    } finally {
      mailer.close();
      await open.close();
    }
  });

  it('rejects when the server refuses the login, so the caller knows the mail did not go', async () => {
    const mailer = new SmtpMailer({
      host: '127.0.0.1',
      port: smtp.port,
      tls: 'none',
      user: 'numerek',
      password: 'wrong-password',
      from: 'rezerwacje@urzad.example',
    });
    try {
      await expect(
        mailer.send({ to: 'x@example.org', subject: 's', text: 't', language: 'pl' }),
      ).rejects.toThrow();
      expect(smtp.received.some((m) => m.to.includes('x@example.org'))).toBe(false);
    } finally {
      mailer.close();
    }
  });
});
