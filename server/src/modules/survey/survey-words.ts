import type { Language, SurveyChannel, SurveyReason, SurveyTransferBand } from '@numerek/shared';

/**
 * The survey's words in the downloaded reports (CSV and PDF), in one shape for the three
 * languages; the report's own words (total, category, counter, clerk) come from report-words.ts.
 */
export interface SurveyWords {
  title: string;
  answers: string;
  served: string;
  responseRate: string;
  mean: string;
  score: (n: number) => string;
  /** PDF column titles, short enough for their cells. */
  short: { answers: string; served: string; rate: string; mean: string };
  reasons: Record<SurveyReason, string>;
  channels: Record<SurveyChannel, string>;
  day: string;
  hour: string;
  wait: string;
  waitBand: (band: string) => string;
  transfers: string;
  transferBands: Record<SurveyTransferBand, string>;
  byDay: string;
  byHour: string;
  byWait: string;
  byTransfers: string;
  byChannel: string;
  surveyOff: string;
  perClerkOff: string;
  clerksBelow: (n: number, min: number) => string;
}

const band = (b: string): string => `${b.replace('-', '–')} min`;

export const SURVEY_WORDS: Record<Language, SurveyWords> = {
  pl: {
    title: 'Ankieta po wizycie',
    answers: 'Odpowiedzi',
    served: 'Obsłużone wizyty',
    responseRate: 'Odsetek odpowiedzi [%]',
    mean: 'Średnia ocena (1–5)',
    score: (n) => `Ocena ${n}`,
    short: { answers: 'Odp.', served: 'Obsł.', rate: 'Odsetek', mean: 'Średnia' },
    reasons: { wait: 'czekanie', information: 'informacja', manner: 'sposób obsługi', other: 'inne' },
    channels: { tablet: 'tablet przy stanowisku', phone: 'strona biletu w telefonie' },
    day: 'Dzień',
    hour: 'Godzina',
    wait: 'Czas oczekiwania',
    waitBand: band,
    transfers: 'Przekazania',
    transferBands: { '0': 'bez przekazania', '1': '1 przekazanie', '2+': '2 lub więcej przekazań' },
    byDay: 'Ankieta według dni',
    byHour: 'Ankieta według godzin zakończenia wizyty',
    byWait: 'Ocena a czas oczekiwania',
    byTransfers: 'Ocena a przekazania',
    byChannel: 'Gdzie odpowiedziano',
    surveyOff: 'Ankieta jest teraz wyłączona.',
    perClerkOff: 'Wyniki według urzędników są wyłączone.',
    clerksBelow: (n, min) => `Pominięci urzędnicy z mniej niż ${min} odpowiedziami: ${n}.`,
  },
  en: {
    title: 'Visit survey',
    answers: 'Answers',
    served: 'Visits served',
    responseRate: 'Response rate [%]',
    mean: 'Mean score (1–5)',
    score: (n) => `Score ${n}`,
    short: { answers: 'Ans.', served: 'Served', rate: 'Rate', mean: 'Mean' },
    reasons: { wait: 'the wait', information: 'information', manner: 'manner', other: 'other' },
    channels: { tablet: 'tablet at the counter', phone: 'ticket page on a phone' },
    day: 'Day',
    hour: 'Hour',
    wait: 'Wait',
    waitBand: band,
    transfers: 'Transfers',
    transferBands: { '0': 'no transfer', '1': '1 transfer', '2+': '2 or more transfers' },
    byDay: 'Survey by day',
    byHour: 'Survey by hour the visit ended',
    byWait: 'Score against the wait',
    byTransfers: 'Score against transfers',
    byChannel: 'Where it was answered',
    surveyOff: 'The survey is switched off now.',
    perClerkOff: 'Results per clerk are switched off.',
    clerksBelow: (n, min) => `Clerks left out for having fewer than ${min} answers: ${n}.`,
  },
  uk: {
    title: 'Опитування після візиту',
    answers: 'Відповіді',
    served: 'Обслужені візити',
    responseRate: 'Частка відповідей [%]',
    mean: 'Середня оцінка (1–5)',
    score: (n) => `Оцінка ${n}`,
    short: { answers: 'Відп.', served: 'Обсл.', rate: 'Частка', mean: 'Середня' },
    reasons: {
      wait: 'очікування',
      information: 'інформація',
      manner: 'манера обслуговування',
      other: 'інше',
    },
    channels: { tablet: 'планшет біля віконця', phone: 'сторінка талона в телефоні' },
    day: 'День',
    hour: 'Година',
    wait: 'Час очікування',
    waitBand: (b) => `${b.replace('-', '–')} хв`,
    transfers: 'Переадресації',
    transferBands: { '0': 'без переадресації', '1': '1 переадресація', '2+': '2 або більше переадресацій' },
    byDay: 'Опитування за днями',
    byHour: 'Опитування за годиною завершення візиту',
    byWait: 'Оцінка та час очікування',
    byTransfers: 'Оцінка та переадресації',
    byChannel: 'Де відповіли',
    surveyOff: 'Опитування зараз вимкнене.',
    perClerkOff: 'Результати за працівниками вимкнені.',
    clerksBelow: (n, min) => `Пропущено працівників, що мають менше ніж ${min} відповідей: ${n}.`,
  },
};
