import type { Language, PublicTicket } from '@numerek/shared';

/** Everything the ticket page says, in the ticket's language: plain words, no personal data. */
export const TICKET_TEXT = {
  pl: {
    title: 'Mój bilet',
    yourNumber: 'Twój numer',
    waiting: 'Czekasz w kolejce',
    ahead: (n: number) =>
      n === 0 ? 'Jesteś następny' : n === 1 ? 'Przed Tobą 1 osoba' : `Przed Tobą osób: ${n}`,
    wait: (min: number, max: number) =>
      max <= 1 ? 'Wkrótce zostaniesz wywołany' : `Szacowany czas oczekiwania: ${min}–${max} min`,
    stepOut: 'Możesz wyjść na chwilę – ta strona odświeża się sama i da znać, gdy nadejdzie Twoja kolej.',
    called: 'Zapraszamy!',
    goTo: (name: string, n: number) => `Podejdź do: ${name} (nr ${n})`,
    serving: 'Jesteś obsługiwany',
    finished: 'Dziękujemy za wizytę',
    noShow: 'Twój numer został wywołany, ale nie podszedłeś. Zapytaj w punkcie informacyjnym.',
    cancelled: 'Ten bilet został anulowany.',
    notFound: 'Nie znaleziono biletu. Sprawdź adres z kodu QR.',
    offline: 'Brak połączenia – spróbujemy ponownie za chwilę.',
    updated: 'Zaktualizowano',
    privacy: 'Urząd wywołuje numery, nigdy nazwiska.',
    language: 'Język',
  },
  en: {
    title: 'My ticket',
    yourNumber: 'Your number',
    waiting: 'You are in the queue',
    ahead: (n: number) =>
      n === 0 ? 'You are next' : n === 1 ? '1 person ahead of you' : `${n} people ahead of you`,
    wait: (min: number, max: number) =>
      max <= 1 ? 'You will be called soon' : `Estimated wait: ${min}–${max} min`,
    stepOut: 'You may step out for a moment – this page updates itself and tells you when it is your turn.',
    called: 'It is your turn!',
    goTo: (name: string, n: number) => `Please go to: ${name} (no. ${n})`,
    serving: 'You are being served',
    finished: 'Thank you for your visit',
    noShow: 'Your number was called but you did not come. Please ask at the information desk.',
    cancelled: 'This ticket was cancelled.',
    notFound: 'Ticket not found. Check the address from the QR code.',
    offline: 'No connection – we will try again shortly.',
    updated: 'Updated',
    privacy: 'The office calls numbers, never names.',
    language: 'Language',
  },
  uk: {
    title: 'Мій квиток',
    yourNumber: 'Ваш номер',
    waiting: 'Ви в черзі',
    ahead: (n: number) => (n === 0 ? 'Ви наступні' : `Перед вами людей: ${n}`),
    wait: (min: number, max: number) =>
      max <= 1 ? 'Вас незабаром викличуть' : `Орієнтовний час очікування: ${min}–${max} хв`,
    stepOut: 'Можете ненадовго вийти – ця сторінка оновлюється сама і повідомить, коли настане ваша черга.',
    called: 'Ваша черга!',
    goTo: (name: string, n: number) => `Підійдіть до: ${name} (№ ${n})`,
    serving: 'Вас обслуговують',
    finished: 'Дякуємо за візит',
    noShow: 'Ваш номер викликали, але ви не підійшли. Зверніться до інформаційного пункту.',
    cancelled: 'Цей квиток скасовано.',
    notFound: 'Квиток не знайдено. Перевірте адресу з QR-коду.',
    offline: 'Немає з’єднання – спробуємо ще раз за мить.',
    updated: 'Оновлено',
    privacy: 'Установа викликає номери, а не прізвища.',
    language: 'Мова',
  },
} as const;

/** The headline a screen reader announces for the ticket's state. */
export function headline(t: PublicTicket, lang: Language): string {
  const x = TICKET_TEXT[lang];
  switch (t.state) {
    case 'waiting':
      return x.waiting;
    case 'called':
      return t.counter ? `${x.called} ${x.goTo(t.counter.name, t.counter.number)}` : x.called;
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

/** How often to ask again: sooner when the turn is near. */
export function pollDelayMs(t: PublicTicket | null): number {
  if (!t || t.state !== 'waiting') return t && (t.state === 'called' || t.state === 'serving') ? 5000 : 15000;
  return (t.peopleAhead ?? 99) <= 2 ? 2000 : 5000;
}
