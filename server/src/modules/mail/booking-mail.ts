import type { Language } from '@numerek/shared';
import type { MailMessage } from './mailer.ts';

/**
 * The e-mail a booker receives, in their language, as pure functions of the booking's facts. What
 * a mail says: the office, the matter, the day and time, the code for the kiosk and the link to see
 * or cancel the booking. Never a PESEL, a name or a priority group: the booking holds none.
 */

/** What a booking mail tells about its booking. */
export interface BookedFacts {
  to: string;
  language: Language;
  officeName: string;
  /** The matter (category) in the booker's language. */
  categoryName: string;
  /** YYYY-MM-DD and HH:MM in the office's time zone. */
  day: string;
  time: string;
  /** The 6 digits the client types at the kiosk. */
  code: string;
  manageUrl: string;
  /** From how many minutes before the slot the kiosk checks the booking in, and until how many after. */
  checkInBeforeMinutes: number;
  checkInAfterMinutes: number;
}

/** What the mail with the confirmation code tells. */
export interface ConfirmFacts {
  to: string;
  language: Language;
  officeName: string;
  categoryName: string;
  day: string;
  time: string;
  /** The 6 digits the booker types on the booking page to confirm. */
  confirmCode: string;
  /** How long the code holds. */
  validMinutes: number;
}

interface MailWords {
  bookedSubject: string;
  booked: string[];
  confirmSubject: string;
  confirm: string[];
  signature: string;
}

// `{x}` is filled from the facts; each language says the same things in the same order.
const WORDS: Record<Language, MailWords> = {
  pl: {
    bookedSubject: 'Rezerwacja wizyty: {date}, {time} – kod {code}',
    booked: [
      'Dzień dobry,',
      'zarezerwowaliśmy wizytę w: {office}.',
      'Sprawa: {category}',
      'Termin: {date}, godz. {time}',
      'Twój kod: {code}',
      'W dniu wizyty wybierz na biletomacie „Mam rezerwację” i wpisz ten kod, od {before} min przed godziną wizyty do {after} min po niej. Dostaniesz numerek, a wywołamy Cię około godziny wizyty. Jeśli się spóźnisz, weź zwykły numerek.',
      'Zobacz lub odwołaj rezerwację: {link}',
      'Jeśli nie możesz przyjść, odwołaj rezerwację – ktoś inny skorzysta z tego terminu.',
    ],
    confirmSubject: 'Kod potwierdzenia rezerwacji: {confirm}',
    confirm: [
      'Dzień dobry,',
      'ktoś (mamy nadzieję, że Ty) chce zarezerwować wizytę w: {office}.',
      'Sprawa: {category}',
      'Termin: {date}, godz. {time}',
      'Aby potwierdzić, wpisz na stronie rezerwacji kod: {confirm}',
      'Kod jest ważny {valid} min. Dopóki go nie wpiszesz, termin nie jest zarezerwowany.',
      'Jeśli to nie Ty, po prostu zignoruj tę wiadomość.',
    ],
    signature: 'Wiadomość wysłana automatycznie przez system kolejkowy Numerek. Nie odpowiadaj na nią.',
  },
  en: {
    bookedSubject: 'Your visit is booked: {date}, {time} – code {code}',
    booked: [
      'Hello,',
      'your visit to {office} is booked.',
      'Matter: {category}',
      'When: {date}, {time}',
      'Your code: {code}',
      'On the day, choose “I have a booking” at the ticket kiosk and type this code, from {before} minutes before your time to {after} minutes after it. You get a ticket and are called at about your time. If you are late, take a normal ticket.',
      'See or cancel your booking: {link}',
      'If you cannot come, please cancel the booking so that someone else can use the time.',
    ],
    confirmSubject: 'Booking confirmation code: {confirm}',
    confirm: [
      'Hello,',
      'someone (we hope it was you) wants to book a visit to {office}.',
      'Matter: {category}',
      'When: {date}, {time}',
      'To confirm, type this code on the booking page: {confirm}',
      'The code holds for {valid} minutes. Until you type it, the time is not booked.',
      'If it was not you, simply ignore this message.',
    ],
    signature: 'Sent automatically by the Numerek queue system. Please do not reply.',
  },
  uk: {
    bookedSubject: 'Візит заброньовано: {date}, {time} – код {code}',
    booked: [
      'Добрий день,',
      'ваш візит до установи «{office}» заброньовано.',
      'Справа: {category}',
      'Час: {date}, {time}',
      'Ваш код: {code}',
      'У день візиту виберіть на терміналі «Я маю запис» і введіть цей код — від {before} хв до призначеного часу до {after} хв після нього. Ви отримаєте талон, і вас викличуть приблизно в призначений час. Якщо ви запізнилися, візьміть звичайний талон.',
      'Переглянути або скасувати бронювання: {link}',
      'Якщо не зможете прийти, скасуйте бронювання — цим часом скористається хтось інший.',
    ],
    confirmSubject: 'Код підтвердження бронювання: {confirm}',
    confirm: [
      'Добрий день,',
      'хтось (сподіваємося, що ви) хоче забронювати візит до установи «{office}».',
      'Справа: {category}',
      'Час: {date}, {time}',
      'Щоб підтвердити, введіть на сторінці бронювання код: {confirm}',
      'Код дійсний {valid} хв. Доки ви його не введете, час не заброньовано.',
      'Якщо це були не ви, просто проігноруйте цей лист.',
    ],
    signature: 'Лист надіслано автоматично системою черги Numerek. Не відповідайте на нього.',
  },
};

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (all, key: string) => (key in values ? String(values[key]) : all));
}

/** A day YYYY-MM-DD as the booker reads it, e.g. "wtorek, 14 kwietnia 2026". */
export function longDate(day: string, language: Language): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(language, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

function body(lines: string[], signature: string, values: Record<string, string | number>): string {
  return `${lines.map((l) => fill(l, values)).join('\n\n')}\n\n-- \n${signature}\n`;
}

/** The mail that tells a booker their booking holds: code, day, time, office, matter and link. */
export function bookedMail(f: BookedFacts): MailMessage {
  const w = WORDS[f.language];
  const values = {
    office: f.officeName,
    category: f.categoryName,
    date: longDate(f.day, f.language),
    time: f.time,
    code: f.code,
    link: f.manageUrl,
    before: f.checkInBeforeMinutes,
    after: f.checkInAfterMinutes,
  };
  return {
    to: f.to,
    language: f.language,
    subject: fill(w.bookedSubject, values),
    text: body(w.booked, w.signature, values),
  };
}

/** The mail with the code a booker types to confirm a booking before it holds. */
export function confirmMail(f: ConfirmFacts): MailMessage {
  const w = WORDS[f.language];
  const values = {
    office: f.officeName,
    category: f.categoryName,
    date: longDate(f.day, f.language),
    time: f.time,
    confirm: f.confirmCode,
    valid: f.validMinutes,
  };
  return {
    to: f.to,
    language: f.language,
    subject: fill(w.confirmSubject, values),
    text: body(w.confirm, w.signature, values),
  };
}
