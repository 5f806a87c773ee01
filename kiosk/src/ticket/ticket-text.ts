import type { Language, PublicTicket } from '@numerek/shared';
import type { ApiErrorCode } from '@numerek/shared/client';
import { fill } from '../template.ts';

/** Plural forms of a word, chosen by `Intl.PluralRules` (Polish and Ukrainian use one, few and many). */
export interface PluralForms {
  one: string;
  few: string;
  many: string;
  other: string;
}

/**
 * Everything the ticket page says. One shape for the three languages, so a phrase missing in one
 * of them fails the typecheck. `{n}`, `{min}`, `{max}`, `{counter}` are filled in by the page.
 */
export interface TicketText {
  languageName: string;
  title: string;
  yourNumber: string;
  waiting: string;
  /** Nobody is ahead. */
  next: string;
  /** "{n} people ahead of you", by plural form. */
  ahead: PluralForms;
  waitSoon: string;
  wait: string;
  /** No counter that may call the ticket is open now: said instead of the wait. */
  nobodyServing: string;
  stepOut: string;
  called: string;
  goTo: string;
  serving: string;
  finished: string;
  noShow: string;
  cancelled: string;
  notFound: string;
  /** No answer from the server. */
  offline: string;
  /** The server answered with an error: the page asks again by itself. */
  retry: string;
  updated: string;
  privacy: string;
  language: string;
  sound: string;
}

const pl: TicketText = {
  languageName: 'Polski',
  title: 'Mój numerek',
  yourNumber: 'Twój numer',
  waiting: 'Czekasz w kolejce',
  next: 'Przed Tobą nikt nie czeka',
  ahead: {
    one: 'Przed Tobą czeka {n} osoba',
    few: 'Przed Tobą czekają {n} osoby',
    many: 'Przed Tobą czeka {n} osób',
    other: 'Przed Tobą czeka {n} osoby',
  },
  waitSoon: 'Za chwilę wywołamy Twój numer',
  wait: 'Poczekasz ok. {min}–{max} min',
  nobodyServing: 'Teraz żadne stanowisko nie obsługuje tej sprawy. Wywołamy Cię, gdy któreś się otworzy.',
  stepOut: 'Możesz na chwilę wyjść. Ta strona sama się odświeża i powie Ci, kiedy Twoja kolej.',
  called: 'Twoja kolej!',
  goTo: 'Podejdź do: {counter} (nr {n})',
  serving: 'Teraz Cię obsługujemy',
  finished: 'Dziękujemy za wizytę',
  noShow: 'Wywołaliśmy Twój numer, ale nikt nie podszedł. Zapytaj w punkcie informacji.',
  cancelled: 'Ten numerek jest nieważny.',
  notFound: 'Nie ma takiego numerka. Zeskanuj jeszcze raz kod QR z numerka.',
  offline: 'Brak połączenia. Za chwilę spróbujemy znowu.',
  retry: 'Nie udało się sprawdzić numerka. Za chwilę spróbujemy znowu.',
  updated: 'Stan z godziny',
  privacy: 'Wywołujemy numery, nigdy imiona ani nazwiska.',
  language: 'Język',
  sound: 'Włącz dźwięk, gdy nadejdzie Twoja kolej',
};

const en: TicketText = {
  languageName: 'English',
  title: 'My ticket',
  yourNumber: 'Your number',
  waiting: 'You are in the queue',
  next: 'Nobody is ahead of you',
  ahead: {
    one: '{n} person ahead of you',
    few: '{n} people ahead of you',
    many: '{n} people ahead of you',
    other: '{n} people ahead of you',
  },
  waitSoon: 'We will call your number soon',
  wait: 'You will wait about {min}–{max} min',
  nobodyServing: 'No counter is serving this matter right now. We will call you when one opens.',
  stepOut: 'You may step out for a moment. This page updates itself and tells you when it is your turn.',
  called: 'It is your turn!',
  goTo: 'Please go to: {counter} (no. {n})',
  serving: 'You are being served now',
  finished: 'Thank you for your visit',
  noShow: 'We called your number, but nobody came. Please ask at the information desk.',
  cancelled: 'This ticket is no longer valid.',
  notFound: 'There is no such ticket. Scan the QR code on your ticket again.',
  offline: 'No connection. We will try again in a moment.',
  retry: 'We could not check your ticket. We will try again in a moment.',
  updated: 'Checked at',
  privacy: 'We call numbers, never names.',
  language: 'Language',
  sound: 'Play a sound when it is your turn',
};

const uk: TicketText = {
  languageName: 'Українська',
  title: 'Мій талон',
  yourNumber: 'Ваш номер',
  waiting: 'Ви в черзі',
  next: 'Перед вами нікого немає',
  ahead: {
    one: 'Перед вами {n} особа',
    few: 'Перед вами {n} особи',
    many: 'Перед вами {n} осіб',
    other: 'Перед вами {n} особи',
  },
  waitSoon: 'Ваш номер скоро викличуть',
  wait: 'Чекати приблизно {min}–{max} хв',
  nobodyServing: 'Зараз жодне віконце не обслуговує цю справу. Ми викличемо вас, коли якесь відкриється.',
  stepOut: 'Можете ненадовго вийти. Ця сторінка оновлюється сама і покаже, коли настане ваша черга.',
  called: 'Ваша черга!',
  goTo: 'Підійдіть до: {counter} (№ {n})',
  serving: 'Вас зараз обслуговують',
  finished: 'Дякуємо за візит',
  noShow: 'Ваш номер викликали, але ніхто не підійшов. Зверніться до інформаційного пункту.',
  cancelled: 'Цей талон більше не дійсний.',
  notFound: 'Такого талона немає. Відскануйте QR-код з талона ще раз.',
  offline: 'Немає з’єднання. Спробуємо ще раз за мить.',
  retry: 'Не вдалося перевірити талон. Спробуємо ще раз за мить.',
  updated: 'Станом на',
  privacy: 'Ми викликаємо номери, а не імена чи прізвища.',
  language: 'Мова',
  sound: 'Увімкнути звук, коли настане ваша черга',
};

export const TICKET_TEXT: Readonly<Record<Language, TicketText>> = { pl, en, uk };

/** The page's languages, Polish first. */
export const TICKET_LANGUAGES = ['pl', 'en', 'uk'] as const satisfies readonly Language[];

/** "Przed Tobą czekają 3 osoby", "1 person ahead of you", or that nobody is ahead. */
export function aheadText(n: number, lang: Language): string {
  const x = TICKET_TEXT[lang];
  if (n === 0) return x.next;
  const form = new Intl.PluralRules(lang).select(n);
  const template = form === 'one' || form === 'few' || form === 'many' ? x.ahead[form] : x.ahead.other;
  return fill(template, { n });
}

/** "Poczekasz ok. 10–20 min", or that the call comes soon. */
export function waitText(min: number, max: number, lang: Language): string {
  const x = TICKET_TEXT[lang];
  return max <= 1 ? x.waitSoon : fill(x.wait, { min, max });
}

/**
 * What a waiting ticket's page says about the wait: the range, or, while no counter that may call
 * the ticket is open, that nobody serves its matter now (a range then cannot come true).
 */
export function waitLine(t: PublicTicket, lang: Language): string | null {
  if (t.nobodyServing) return TICKET_TEXT[lang].nobodyServing;
  return t.estimatedWait ? waitText(t.estimatedWait.minMinutes, t.estimatedWait.maxMinutes, lang) : null;
}

/** The headline a screen reader announces for the ticket's state. */
export function headline(t: PublicTicket, lang: Language): string {
  const x = TICKET_TEXT[lang];
  switch (t.state) {
    case 'waiting':
      return x.waiting;
    case 'called':
      return t.counter
        ? `${x.called} ${fill(x.goTo, { counter: t.counter.name, n: t.counter.number })}`
        : x.called;
    case 'serving':
      return x.serving;
    case 'finished':
    case 'transferred':
      return x.finished;
    case 'no_show':
      return x.noShow;
    case 'cancelled':
      return x.cancelled;
  }
}

/**
 * Why the ticket could not be shown, by the error's code (never the API's English message): an
 * unknown ticket, no answer, or any other refusal, which the page asks about again by itself.
 */
export function problemText(code: ApiErrorCode, lang: Language): string {
  const x = TICKET_TEXT[lang];
  if (code === 'NOT_FOUND') return x.notFound;
  return code === 'NETWORK' ? x.offline : x.retry;
}

/** How often to ask again: sooner when the turn is near. */
export function pollDelayMs(t: PublicTicket | null): number {
  if (!t || t.state !== 'waiting') return t && (t.state === 'called' || t.state === 'serving') ? 5000 : 15000;
  return (t.peopleAhead ?? 99) <= 2 ? 2000 : 5000;
}
