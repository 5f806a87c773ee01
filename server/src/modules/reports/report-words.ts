import {
  PAUSE_REASONS,
  REPORT_TERMS,
  type Language,
  type PauseReason,
  type ReportTerms,
} from '@numerek/shared';

/**
 * Every word of the downloaded reports (CSV and PDF), in one shape for the three languages: a
 * word missing in one language fails the typecheck. The tables' words are the console's
 * (`REPORT_TERMS` in the shared package, in `terms`), so the files name a column or a pause
 * reason as the screen does. Names the office typed (categories, counters, clerks) are printed as
 * they are.
 */
export interface ReportWords {
  /** The words the console's report shows too. */
  terms: ReportTerms;
  /** The decimal separator: a comma for Polish and Ukrainian spreadsheets, a point for English. */
  decimal: ',' | '.';
  office: string;
  from: string;
  to: string;
  section: string;
  name: string;
  total: string;
  hour: string;
  ticketsIssued: string;
  pauseReason: string;
  minutes: string;
  /** PDF column titles, short enough for their cells. */
  short: {
    issued: string;
    served: string;
    noShow: string;
    transferred: string;
    cancelled: string;
    waitMean: string;
    median: string;
    max: string;
    serviceMean: string;
    priority: string;
    overMax: string;
  };
  title: (from: string, to: string) => string;
  dailyReport: (day: string) => string;
  rangeReport: (from: string, to: string) => string;
  generated: (at: string) => string;
  aggregatedDays: (n: number) => string;
  priorityVsRegular: string;
  waits: (t: { priority: string; regular: string }) => string;
  people: (n: number, mean: string, p90: string) => string;
  arrivalsByHour: string;
  clerkPauses: string;
  page: (i: number, n: number) => string;
  /** Bookings per day and category (decision 0033). */
  bookings: string;
}

export const REPORT_WORDS: Record<Language, ReportWords> = {
  pl: {
    terms: REPORT_TERMS.pl,
    decimal: ',',
    office: 'Urząd',
    from: 'Od',
    to: 'Do',
    section: 'Zestawienie',
    name: 'Nazwa',
    total: 'Razem',
    hour: 'Godzina',
    ticketsIssued: 'Wydane bilety',
    pauseReason: 'Powód',
    minutes: 'Minuty',
    short: {
      issued: 'Wyd.',
      served: 'Obsł.',
      noShow: 'Nieob.',
      transferred: 'Przek.',
      cancelled: 'Anul.',
      waitMean: 'Ocz. śr.',
      median: 'Med.',
      max: 'Maks.',
      serviceMean: 'Obsł. śr.',
      priority: 'Prior.',
      overMax: '> maks.',
    },
    title: (from, to) => `Raport Numerek ${from} – ${to}`,
    dailyReport: (day) => `Raport dzienny: ${day}`,
    rangeReport: (from, to) => `Raport: ${from} – ${to}`,
    generated: (at) => `Wygenerowano ${at}. Czasy w minutach.`,
    aggregatedDays: (n) =>
      `Dni z zestawień zbiorczych (dane biletów usunięte po okresie przechowywania): ${n}`,
    priorityVsRegular: 'Oczekiwanie: priorytetowi i pozostali',
    waits: ({ priority, regular }) => `Priorytetowi: ${priority}. Pozostali: ${regular}.`,
    people: (n, mean, p90) =>
      `${n} ${plural('pl', n, ['osoba', 'osoby', 'osób'])}, średnio ${mean} min, p90 ${p90} min`,
    arrivalsByHour: 'Wydane bilety według godzin',
    clerkPauses: 'Przerwy urzędników [min]',
    page: (i, n) => `strona ${i} z ${n}`,
    bookings: 'Rezerwacje według dni i spraw',
  },
  en: {
    terms: REPORT_TERMS.en,
    decimal: '.',
    office: 'Office',
    from: 'From',
    to: 'To',
    section: 'Breakdown',
    name: 'Name',
    total: 'Total',
    hour: 'Hour',
    ticketsIssued: 'Tickets issued',
    pauseReason: 'Reason',
    minutes: 'Minutes',
    short: {
      issued: 'Iss.',
      served: 'Serv.',
      noShow: 'No-sh.',
      transferred: 'Trans.',
      cancelled: 'Canc.',
      waitMean: 'Wait avg',
      median: 'Med.',
      max: 'Max',
      serviceMean: 'Serv. avg',
      priority: 'Prior.',
      overMax: '> max',
    },
    title: (from, to) => `Numerek report ${from} – ${to}`,
    dailyReport: (day) => `Daily report: ${day}`,
    rangeReport: (from, to) => `Report: ${from} – ${to}`,
    generated: (at) => `Generated ${at}. Times in minutes.`,
    aggregatedDays: (n) => `Days from summaries (ticket records removed after the retention period): ${n}`,
    priorityVsRegular: 'Waiting: priority and other clients',
    waits: ({ priority, regular }) => `Priority: ${priority}. Others: ${regular}.`,
    people: (n, mean, p90) =>
      `${n} ${plural('en', n, ['person', 'people', 'people'])}, mean ${mean} min, p90 ${p90} min`,
    arrivalsByHour: 'Tickets issued by hour',
    clerkPauses: 'Clerks’ pauses [min]',
    page: (i, n) => `page ${i} of ${n}`,
    bookings: 'Bookings by day and service',
  },
  uk: {
    terms: REPORT_TERMS.uk,
    decimal: ',',
    office: 'Установа',
    from: 'З',
    to: 'По',
    section: 'Розріз',
    name: 'Назва',
    total: 'Разом',
    hour: 'Година',
    ticketsIssued: 'Видані талони',
    pauseReason: 'Причина',
    minutes: 'Хвилини',
    short: {
      issued: 'Вид.',
      served: 'Обсл.',
      noShow: 'Не зʼяв.',
      transferred: 'Перед.',
      cancelled: 'Скас.',
      waitMean: 'Оч. сер.',
      median: 'Мед.',
      max: 'Макс.',
      serviceMean: 'Обсл. сер.',
      priority: 'Пріор.',
      overMax: '> макс.',
    },
    title: (from, to) => `Звіт Numerek ${from} – ${to}`,
    dailyReport: (day) => `Денний звіт: ${day}`,
    rangeReport: (from, to) => `Звіт: ${from} – ${to}`,
    generated: (at) => `Створено ${at}. Час у хвилинах.`,
    aggregatedDays: (n) => `Дні зі зведених даних (дані талонів видалено після строку зберігання): ${n}`,
    priorityVsRegular: 'Очікування: пріоритетні та інші',
    waits: ({ priority, regular }) => `Пріоритетні: ${priority}. Інші: ${regular}.`,
    people: (n, mean, p90) =>
      `${n} ${plural('uk', n, ['особа', 'особи', 'осіб'])}, у середньому ${mean} хв, p90 ${p90} хв`,
    arrivalsByHour: 'Видані талони за годинами',
    clerkPauses: 'Перерви працівників [хв]',
    page: (i, n) => `сторінка ${i} з ${n}`,
    bookings: 'Бронювання за днями та справами',
  },
};

/** The plural form of `n` in the language: one, few or many (English: one or other). */
function plural(lang: Language, n: number, forms: readonly [string, string, string]): string {
  const rule = new Intl.PluralRules(lang).select(n);
  return rule === 'one' ? forms[0] : rule === 'few' ? forms[1] : forms[2];
}

/** A number as the language writes it in a table; empty for null. */
export function reportNumber(x: number | null, words: ReportWords): string {
  if (x === null || !Number.isFinite(x)) return '';
  return String(x).replace('.', words.decimal);
}

/** Whether a stored pause reason is one the words know (older data may hold others). */
export function isPauseReason(r: string): r is PauseReason {
  return (PAUSE_REASONS as readonly string[]).includes(r);
}
