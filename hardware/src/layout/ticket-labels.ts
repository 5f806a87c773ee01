import type { Language } from '@numerek/shared';

/** Every word printed on a ticket, per ticket language. Nothing about priority, ever. */
export interface TicketLabels {
  peopleAhead: (n: number) => string;
  estimatedWait: (range: string) => string;
  /** Printed instead of the wait while no counter may call the ticket. */
  nobodyServing: string;
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
    estimatedWait: (range) => `Czas czekania: ${range}`,
    nobodyServing: 'Teraz żadne stanowisko nie obsługuje tej sprawy. Wywołamy Cię, gdy któreś się otworzy.',
    minutes: 'min',
    counters: (n) => (n.length === 1 ? `Stanowisko: ${list(n)}` : `Stanowiska: ${list(n)}`),
    watchDisplay: 'Patrz na ekran w poczekalni',
    interpreter: 'Urzędnik wie, że potrzebujesz tłumacza PJM',
    followOnPhone: 'Śledź swój numer w telefonie',
    privacy: 'Wywołujemy numer, nigdy imię ani nazwisko.',
  },
  en: {
    peopleAhead: (n) => `People ahead of you: ${n}`,
    estimatedWait: (range) => `Waiting time: ${range}`,
    nobodyServing: 'No counter is serving this matter right now. We will call you when one opens.',
    minutes: 'min',
    counters: (n) => (n.length === 1 ? `Counter: ${list(n)}` : `Counters: ${list(n)}`),
    watchDisplay: 'Watch the screen in the waiting room',
    interpreter: 'The clerk knows you need a PJM interpreter',
    followOnPhone: 'Follow your ticket on your phone',
    privacy: 'We call your number, never your name.',
  },
  uk: {
    peopleAhead: (n) => `Людей перед вами: ${n}`,
    estimatedWait: (range) => `Орієнтовний час очікування: ${range}`,
    nobodyServing: 'Зараз жодне віконце не обслуговує цю справу. Ми викличемо вас, коли якесь відкриється.',
    minutes: 'хв',
    counters: (n) => (n.length === 1 ? `Віконце: ${list(n)}` : `Віконця: ${list(n)}`),
    watchDisplay: 'Стежте за екраном у залі очікування',
    interpreter: 'Працівник знає, що вам потрібен перекладач PJM',
    followOnPhone: 'Стежте за своїм номером у телефоні',
    privacy: "Ми викликаємо номер, а не ім'я чи прізвище.",
  },
};
