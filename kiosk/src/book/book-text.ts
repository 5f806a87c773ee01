import type { Language } from '@numerek/shared';
import type { ApiErrorCode } from '@numerek/shared/client';
import { fill } from '../template.ts';

export const BOOK_LANGUAGES: readonly Language[] = ['pl', 'en', 'uk'];

/**
 * Everything the booking page says. One shape for the three languages, so a phrase missing in one
 * of them fails the typecheck. `{x}` placeholders are filled in by the page.
 */
export interface BookText {
  languageName: string;
  language: string;
  title: string;
  intro: string;
  matter: string;
  noMatters: string;
  day: string;
  noDays: string;
  /** "{n} free" beside a day. */
  freeOnDay: string;
  slot: string;
  noSlots: string;
  contact: string;
  contactOptional: string;
  contactRequiredHint: string;
  contactHint: string;
  book: string;
  booking: string;
  confirmTitle: string;
  confirmSent: string;
  confirmCode: string;
  confirm: string;
  bookedTitle: string;
  yourCode: string;
  codeHint: string;
  mailSent: string;
  manageLink: string;
  keepLink: string;
  when: string;
  what: string;
  status: Record<'booked' | 'checked_in' | 'no_show' | 'cancelled', string>;
  cancel: string;
  cancelSure: string;
  cancelYes: string;
  cancelNo: string;
  cancelled: string;
  again: string;
  loading: string;
  privacy: string;
  errors: {
    not_bookable: string;
    not_a_slot: string;
    slot_full: string;
    contact_required: string;
    contact_limit: string;
    not_live: string;
    confirm_required: string;
    wrong_code: string;
    code_expired: string;
    contact: string;
    tooMany: string;
    notFound: string;
    offline: string;
    other: string;
  };
}

const pl: BookText = {
  languageName: 'Polski',
  language: 'Język',
  title: 'Rezerwacja wizyty',
  intro: 'Wybierz sprawę, dzień i godzinę. Nie podajesz imienia, nazwiska ani numeru PESEL.',
  matter: '1. Sprawa',
  noMatters: 'Teraz nie można zarezerwować żadnej sprawy. Przyjdź bez rezerwacji i weź numerek.',
  day: '2. Dzień',
  noDays: 'Brak wolnych terminów w tej sprawie.',
  freeOnDay: 'wolne: {n}',
  slot: '3. Godzina',
  noSlots: 'Ten dzień jest już pełny. Wybierz inny.',
  contact: '4. E-mail lub numer telefonu',
  contactOptional: '(nieobowiązkowo)',
  contactRequiredHint: '(wymagane)',
  contactHint: 'Tylko po to, by wysłać Ci kod i w razie zmian. Nie pokażemy go nikomu.',
  book: 'Zarezerwuj',
  booking: 'Rezerwujemy…',
  confirmTitle: 'Potwierdź rezerwację',
  confirmSent: 'Wysłaliśmy kod potwierdzenia na adres {contact}. Wpisz go poniżej w ciągu {n} min.',
  confirmCode: 'Kod z e-maila (6 cyfr)',
  confirm: 'Potwierdź',
  bookedTitle: 'Zarezerwowane',
  yourCode: 'Twój kod',
  codeHint:
    'W dniu wizyty, krótko przed wyznaczoną godziną, wybierz na biletomacie „Mam rezerwację” i wpisz ten kod. Jeśli się spóźnisz, weź zwykły numerek.',
  mailSent: 'Wysłaliśmy też e-mail z kodem i linkiem.',
  manageLink: 'Zobacz lub odwołaj rezerwację',
  keepLink: 'Zachowaj ten link: pod nim zobaczysz i odwołasz rezerwację.',
  when: 'Termin',
  what: 'Sprawa',
  status: {
    booked: 'Rezerwacja aktualna',
    checked_in: 'Zgłoszono się na biletomacie',
    no_show: 'Nie zgłoszono się w terminie',
    cancelled: 'Rezerwacja odwołana',
  },
  cancel: 'Odwołaj rezerwację',
  cancelSure: 'Na pewno odwołać? Termin wróci do puli wolnych.',
  cancelYes: 'Tak, odwołaj',
  cancelNo: 'Nie, zostaw',
  cancelled: 'Rezerwacja odwołana. Dziękujemy, że dałeś znać.',
  again: 'Zarezerwuj inny termin',
  loading: 'Wczytujemy…',
  privacy: 'Na tablicy wywołujemy numery, nigdy imiona ani nazwiska.',
  errors: {
    not_bookable: 'Tej sprawy nie można już rezerwować.',
    not_a_slot: 'Tego terminu nie można zarezerwować. Wybierz inny.',
    slot_full: 'Ktoś właśnie zajął ten termin. Wybierz inny.',
    contact_required: 'Podaj adres e-mail lub numer telefonu.',
    contact_limit: 'Na ten kontakt są już {n} rezerwacje. Odwołaj jedną, aby zarezerwować kolejną.',
    not_live: 'Tej rezerwacji nie można już zmienić.',
    confirm_required: 'Podaj adres e-mail: wyślemy na niego kod potwierdzenia.',
    wrong_code: 'To nie jest ten kod. Sprawdź e-mail i wpisz 6 cyfr jeszcze raz.',
    code_expired: 'Kod wygasł albo wpisano go zbyt wiele razy błędnie. Zarezerwuj jeszcze raz.',
    contact: 'Wpisz adres e-mail (np. jan@example.pl) lub numer telefonu (9–15 cyfr).',
    tooMany: 'Zbyt wiele prób. Spróbuj ponownie za {n} min.',
    notFound: 'Nie ma takiej rezerwacji. Sprawdź link.',
    offline: 'Brak połączenia. Sprawdź internet i spróbuj jeszcze raz.',
    other: 'Coś poszło nie tak. Spróbuj jeszcze raz.',
  },
};

const en: BookText = {
  languageName: 'English',
  language: 'Language',
  title: 'Book a visit',
  intro: 'Choose the matter, the day and the time. We do not ask for your name or PESEL number.',
  matter: '1. Matter',
  noMatters: 'Nothing can be booked right now. Come without a booking and take a ticket.',
  day: '2. Day',
  noDays: 'No free times for this matter.',
  freeOnDay: '{n} free',
  slot: '3. Time',
  noSlots: 'This day is full. Choose another one.',
  contact: '4. E-mail or phone number',
  contactOptional: '(optional)',
  contactRequiredHint: '(required)',
  contactHint: 'Only to send you your code and tell you of changes. We show it to nobody.',
  book: 'Book',
  booking: 'Booking…',
  confirmTitle: 'Confirm your booking',
  confirmSent: 'We sent a confirmation code to {contact}. Type it below within {n} minutes.',
  confirmCode: 'Code from the e-mail (6 digits)',
  confirm: 'Confirm',
  bookedTitle: 'Booked',
  yourCode: 'Your code',
  codeHint:
    'On the day, shortly before your time, choose “I have a booking” at the ticket kiosk and type this code. If you are late, take a normal ticket.',
  mailSent: 'We also sent you an e-mail with the code and the link.',
  manageLink: 'See or cancel the booking',
  keepLink: 'Keep this link: it shows your booking and lets you cancel it.',
  when: 'When',
  what: 'Matter',
  status: {
    booked: 'Booking valid',
    checked_in: 'Checked in at the kiosk',
    no_show: 'Not checked in on time',
    cancelled: 'Booking cancelled',
  },
  cancel: 'Cancel the booking',
  cancelSure: 'Cancel it? The time becomes free for others.',
  cancelYes: 'Yes, cancel',
  cancelNo: 'No, keep it',
  cancelled: 'Booking cancelled. Thank you for letting us know.',
  again: 'Book another time',
  loading: 'Loading…',
  privacy: 'The hall display shows numbers, never names.',
  errors: {
    not_bookable: 'This matter can no longer be booked.',
    not_a_slot: 'This time cannot be booked. Choose another one.',
    slot_full: 'Someone has just taken this time. Choose another one.',
    contact_required: 'Please give an e-mail address or a phone number.',
    contact_limit: 'This contact already holds {n} bookings. Cancel one to book another.',
    not_live: 'This booking can no longer be changed.',
    confirm_required: 'Please give an e-mail address: we send a confirmation code to it.',
    wrong_code: 'That is not the code. Check the e-mail and type the 6 digits again.',
    code_expired: 'The code has expired or was mistyped too often. Please book again.',
    contact: 'Type an e-mail address (e.g. jan@example.org) or a phone number (9–15 digits).',
    tooMany: 'Too many tries. Try again in {n} minutes.',
    notFound: 'There is no such booking. Check the link.',
    offline: 'No connection. Check your internet and try again.',
    other: 'Something went wrong. Please try again.',
  },
};

const uk: BookText = {
  languageName: 'Українська',
  language: 'Мова',
  title: 'Бронювання візиту',
  intro: 'Виберіть справу, день і час. Ми не питаємо імені, прізвища чи номера PESEL.',
  matter: '1. Справа',
  noMatters: 'Зараз нічого не можна забронювати. Приходьте без бронювання і візьміть талон.',
  day: '2. День',
  noDays: 'Немає вільного часу для цієї справи.',
  freeOnDay: 'вільно: {n}',
  slot: '3. Час',
  noSlots: 'Цей день уже заповнений. Виберіть інший.',
  contact: '4. Електронна пошта або номер телефону',
  contactOptional: '(необов’язково)',
  contactRequiredHint: '(обов’язково)',
  contactHint: 'Лише щоб надіслати вам код і повідомити про зміни. Ми нікому його не показуємо.',
  book: 'Забронювати',
  booking: 'Бронюємо…',
  confirmTitle: 'Підтвердьте бронювання',
  confirmSent: 'Ми надіслали код підтвердження на {contact}. Введіть його нижче протягом {n} хв.',
  confirmCode: 'Код з листа (6 цифр)',
  confirm: 'Підтвердити',
  bookedTitle: 'Заброньовано',
  yourCode: 'Ваш код',
  codeHint:
    'У день візиту, незадовго до призначеного часу, виберіть на терміналі «Я маю запис» і введіть цей код. Якщо ви запізнилися, візьміть звичайний талон.',
  mailSent: 'Ми також надіслали лист із кодом і посиланням.',
  manageLink: 'Переглянути або скасувати бронювання',
  keepLink: 'Збережіть це посилання: за ним можна переглянути та скасувати бронювання.',
  when: 'Час',
  what: 'Справа',
  status: {
    booked: 'Бронювання дійсне',
    checked_in: 'Ви зареєструвалися на терміналі',
    no_show: 'Ви не з’явилися вчасно',
    cancelled: 'Бронювання скасовано',
  },
  cancel: 'Скасувати бронювання',
  cancelSure: 'Точно скасувати? Цей час стане вільним для інших.',
  cancelYes: 'Так, скасувати',
  cancelNo: 'Ні, залишити',
  cancelled: 'Бронювання скасовано. Дякуємо, що повідомили.',
  again: 'Забронювати інший час',
  loading: 'Завантаження…',
  privacy: 'На табло викликаємо номери, ніколи імена.',
  errors: {
    not_bookable: 'Цю справу більше не можна забронювати.',
    not_a_slot: 'Цей час не можна забронювати. Виберіть інший.',
    slot_full: 'Хтось щойно зайняв цей час. Виберіть інший.',
    contact_required: 'Вкажіть електронну пошту або номер телефону.',
    contact_limit: 'На цей контакт уже є {n} бронювання. Скасуйте одне, щоб забронювати інше.',
    not_live: 'Це бронювання вже не можна змінити.',
    confirm_required: 'Вкажіть електронну пошту: ми надішлемо на неї код підтвердження.',
    wrong_code: 'Це не той код. Перевірте лист і введіть 6 цифр ще раз.',
    code_expired: 'Код застарів або його забагато разів введено неправильно. Забронюйте ще раз.',
    contact: 'Введіть електронну пошту (напр. jan@example.org) або номер телефону (9–15 цифр).',
    tooMany: 'Забагато спроб. Спробуйте знову через {n} хв.',
    notFound: 'Такого бронювання немає. Перевірте посилання.',
    offline: 'Немає з’єднання. Перевірте інтернет і спробуйте ще раз.',
    other: 'Щось пішло не так. Спробуйте ще раз.',
  },
};

export const BOOK_TEXT: Record<Language, BookText> = { pl, en, uk };

/** The language a visitor's browser asks for, if it is one of ours (else Polish). */
export function preferredLanguage(languages: readonly string[]): Language {
  for (const l of languages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'pl' || base === 'en' || base === 'uk') return base;
  }
  return 'pl';
}

/** A day YYYY-MM-DD as a visitor reads it, e.g. "wtorek, 14 kwietnia". */
export function dayLabel(day: string, language: Language): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(language, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** An error of the API in the reader's words: from its code and reason, never its English message. */
export function errorText(
  code: ApiErrorCode,
  params: Readonly<Record<string, string | number>>,
  language: Language,
): string {
  const e = BOOK_TEXT[language].errors;
  const reason = params.reason;
  if (code === 'NETWORK') return e.offline;
  if (code === 'NOT_FOUND') return e.notFound;
  if (code === 'RATE_LIMITED') {
    const seconds = Number(params.retryAfterSeconds ?? 60);
    return fill(e.tooMany, { n: Math.max(1, Math.ceil(seconds / 60)) });
  }
  if (code === 'VALIDATION_FAILED' && params.field === 'contact') return e.contact;
  if (code === 'BOOKING_UNAVAILABLE' || code === 'BOOKING_CONFIRM_FAILED') {
    if (typeof reason === 'string' && reason in e) {
      return fill(e[reason as keyof BookText['errors']], { n: params.count ?? '' });
    }
  }
  return e.other;
}
