import type { Language, PauseReason } from './constants.ts';

/**
 * The words of a report's tables in each language: the console shows them on screen, and the
 * server writes the same words into the CSV and the PDF, so a column or a pause reason is named
 * alike wherever a supervisor reads it. Pure and free of dependencies, so the console's bundle
 * imports it without a validator.
 */
export interface ReportTerms {
  /** The first column of each table, and the section of a CSV row. */
  category: string;
  counter: string;
  clerk: string;
  byCategory: string;
  byCounter: string;
  byClerk: string;
  issued: string;
  served: string;
  noShow: string;
  transferred: string;
  cancelled: string;
  wait: string;
  service: string;
  /** The priority share's column. */
  priority: string;
  overMax: string;
  /** The unit of the waits and services, in a column's heading ("Czekanie, min: średnio"). */
  minutes: string;
  mean: string;
  median: string;
  p90: string;
  max: string;
  /** The two waits of the priority column pair: clients with priority and the others. */
  priorityClients: string;
  others: string;
  pauses: string;
  /** A clerk's pause reasons (the panel's pause dialog names them so too). */
  pauseReasons: Record<PauseReason, string>;
  /** The bookings table (decision 0033). */
  day: string;
  booked: string;
  checkedIn: string;
  bookingNoShow: string;
  slotToCall: string;
  /** What the waits and the priority share count (decision 0048). */
  howCounted: string;
}

/** The report's words (one shape for the three languages: a missing word fails the typecheck). */
export const REPORT_TERMS: Record<Language, ReportTerms> = {
  pl: {
    category: 'Sprawa',
    counter: 'Stanowisko',
    clerk: 'Urzędnik',
    byCategory: 'Według spraw',
    byCounter: 'Według stanowisk',
    byClerk: 'Według urzędników',
    issued: 'Wydane',
    served: 'Obsłużeni',
    noShow: 'Nieobecni',
    transferred: 'Przekazani',
    cancelled: 'Anulowane',
    wait: 'Czekanie',
    service: 'Obsługa',
    priority: 'Pierwszeństwo',
    overMax: 'Ponad maks. czas',
    minutes: 'min',
    mean: 'średnio',
    median: 'mediana',
    p90: '90 %',
    max: 'najdłużej',
    priorityClients: 'pierwszeństwo',
    others: 'pozostali',
    pauses: 'Przerwy',
    pauseReasons: { break: 'przerwa', back_office: 'praca na zapleczu', end_of_day: 'koniec dnia' },
    day: 'Dzień',
    booked: 'Zarezerwowane',
    checkedIn: 'Zgłoszone w kiosku',
    bookingNoShow: 'Nie przyszli',
    slotToCall: 'Od terminu do wywołania',
    howCounted:
      'Czekanie liczy się od pobrania biletu do wywołania. Klient przekazany do innej sprawy lub stanowiska czeka od pobrania swojego pierwszego biletu, tak jak pokazuje panel urzędnika, i jest klientem każdej sprawy i każdego stanowiska, w których był, z pierwszeństwem, jeśli miał je jego bilet. Pierwszeństwo w wierszu to udział klientów z pierwszeństwem wśród klientów tego wiersza; w podsumowaniu każdy klient liczy się raz.',
  },
  en: {
    category: 'Category',
    counter: 'Counter',
    clerk: 'Clerk',
    byCategory: 'By category',
    byCounter: 'By counter',
    byClerk: 'By clerk',
    issued: 'Issued',
    served: 'Served',
    noShow: 'Did not come',
    transferred: 'Transferred',
    cancelled: 'Cancelled',
    wait: 'Wait',
    service: 'Service',
    priority: 'Priority',
    overMax: 'Over the longest wait',
    minutes: 'min',
    mean: 'average',
    median: 'median',
    p90: '90 %',
    max: 'longest',
    priorityClients: 'priority',
    others: 'others',
    pauses: 'Pauses',
    pauseReasons: { break: 'break', back_office: 'back office', end_of_day: 'end of day' },
    day: 'Day',
    booked: 'Booked',
    checkedIn: 'Checked in at the kiosk',
    bookingNoShow: 'Did not come',
    slotToCall: 'Slot to call',
    howCounted:
      'A wait runs from taking a ticket to the call. A client transferred to another category or counter waits from taking their first ticket, as the clerk’s panel shows, and is a client of every category and counter they were at, with priority if their ticket had it. Priority in a row is the share of clients with priority among that row’s clients; in the summary each client counts once.',
  },
  uk: {
    category: 'Справа',
    counter: 'Робоче місце',
    clerk: 'Працівник',
    byCategory: 'За справами',
    byCounter: 'За робочими місцями',
    byClerk: 'За працівниками',
    issued: 'Видано',
    served: 'Обслуговано',
    noShow: 'Не підійшли',
    transferred: 'Передано',
    cancelled: 'Скасовано',
    wait: 'Очікування',
    service: 'Обслуговування',
    priority: 'Пріоритет',
    overMax: 'Понад найдовший час',
    minutes: 'хв',
    mean: 'середнє',
    median: 'медіана',
    p90: '90 %',
    max: 'найдовше',
    priorityClients: 'пріоритет',
    others: 'інші',
    pauses: 'Перерви',
    pauseReasons: { break: 'перерва', back_office: 'робота в офісі', end_of_day: 'кінець дня' },
    day: 'День',
    booked: 'Заброньовано',
    checkedIn: 'Зареєструвалися в кіоску',
    bookingNoShow: 'Не підійшли',
    slotToCall: 'Від запису до виклику',
    howCounted:
      'Очікування триває від отримання квитка до виклику. Клієнт, переданий до іншої справи чи робочого місця, чекає від отримання свого першого квитка, як показує панель працівника, і є клієнтом кожної справи та кожного робочого місця, де він був, з пріоритетом, якщо його мав його квиток. Пріоритет у рядку — це частка клієнтів з пріоритетом серед клієнтів цього рядка; у підсумку кожного клієнта пораховано один раз.',
  },
};

/** A heading of minutes: the figure, the unit and what of it ("Czekanie, min: średnio / mediana"). */
export function minutesHeading(t: ReportTerms, figure: string, parts: readonly string[]): string {
  return `${figure}, ${t.minutes}: ${parts.join(' / ')}`;
}

/**
 * The headings of a report table's figure columns, after its first column. The console shows a
 * line's waits in one cell (`split: false`); the CSV has a column for each (`split: true`).
 */
export function reportColumns(t: ReportTerms, split: boolean): string[] {
  const stats = [t.mean, t.median, t.p90, t.max];
  const each = (figure: string, parts: readonly string[]): string[] =>
    split ? parts.map((p) => minutesHeading(t, figure, [p])) : [minutesHeading(t, figure, parts)];
  return [
    t.issued,
    t.served,
    t.noShow,
    t.transferred,
    t.cancelled,
    ...each(t.wait, stats),
    ...each(t.service, split ? stats : [t.mean]),
    split ? `${t.priority} [%]` : t.priority,
    ...each(t.wait, [t.priorityClients, t.others]),
    t.overMax,
  ];
}

/** The headings of the bookings table, as {@link reportColumns}. */
export function bookingColumns(t: ReportTerms, split: boolean): string[] {
  const stats = split ? [t.mean, t.median, t.p90, t.max] : [t.mean, t.median, t.p90];
  return [
    t.day,
    t.category,
    t.booked,
    t.checkedIn,
    t.bookingNoShow,
    ...(split
      ? stats.map((p) => minutesHeading(t, t.slotToCall, [p]))
      : [minutesHeading(t, t.slotToCall, stats)]),
  ];
}
