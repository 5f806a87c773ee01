import type { Language } from '@numerek/shared';

/** Every word printed on a ticket, per ticket language. Nothing about priority, ever. */
export interface TicketLabels {
  peopleAhead: (n: number) => string;
  estimatedWait: (range: string) => string;
  minutes: string;
  counters: (numbers: number[]) => string;
  watchDisplay: string;
  interpreter: string;
  followOnPhone: string;
  privacy: string;
}

const list = (numbers: number[]): string => numbers.join(', ');

/** The ticket's words in Polish, English and Ukrainian. */
export const TICKET_LABELS: Readonly<Record<Language, TicketLabels>> = {
  pl: {
    peopleAhead: (n) => `Osób przed Tobą: ${n}`,
    estimatedWait: (range) => `Szacowany czas oczekiwania: ${range}`,
    minutes: 'min',
    counters: (n) => (n.length === 1 ? `Stanowisko: ${list(n)}` : `Stanowiska: ${list(n)}`),
    watchDisplay: 'Proszę obserwować ekran',
    interpreter: 'Tłumacz PJM: urzędnik został powiadomiony',
    followOnPhone: 'Śledź swój numer w telefonie',
    privacy: 'Wywołujemy numer, nigdy imię ani nazwisko.',
  },
  en: {
    peopleAhead: (n) => `People ahead of you: ${n}`,
    estimatedWait: (range) => `Estimated wait: ${range}`,
    minutes: 'min',
    counters: (n) => (n.length === 1 ? `Counter: ${list(n)}` : `Counters: ${list(n)}`),
    watchDisplay: 'Please watch the display',
    interpreter: 'PJM interpreter: the clerk has been notified',
    followOnPhone: 'Follow your ticket on your phone',
    privacy: 'We call your number, never your name.',
  },
  uk: {
    peopleAhead: (n) => `Людей перед вами: ${n}`,
    estimatedWait: (range) => `Орієнтовний час очікування: ${range}`,
    minutes: 'хв',
    counters: (n) => (n.length === 1 ? `Віконце: ${list(n)}` : `Віконця: ${list(n)}`),
    watchDisplay: 'Стежте за екраном',
    interpreter: 'Перекладач PJM: службовця повідомлено',
    followOnPhone: 'Стежте за своїм номером у телефоні',
    privacy: "Ми викликаємо номер, ніколи не ім'я.",
  },
};
