import type { Language, SurveyChannel, SurveyReason, SurveyTransferBand } from '@numerek/shared';

/** The console's words for the visit survey: its settings screen and its part of the reports. */
export interface SurveyConsoleStrings {
  intro: string;
  settings: string;
  enabled: string;
  tablet: string;
  phone: string;
  perClerk: string;
  perClerkHint: string;
  perClerkAdminOnly: string;
  tabletsHint: string;
  save: string;
  saved: string;
  /** The reports' part. */
  title: string;
  none: string;
  figures: { answers: string; responseRate: string; mean: string; tablet: string; phone: string };
  scores: Record<1 | 2 | 3 | 4 | 5, string>;
  reasons: Record<SurveyReason, string>;
  channels: Record<SurveyChannel, string>;
  distribution: string;
  columns: readonly [string, string, string, string, string, string];
  byCategory: string;
  byCounter: string;
  byDay: string;
  byHour: string;
  byWait: string;
  byTransfers: string;
  byClerk: string;
  day: string;
  hour: string;
  wait: string;
  waitBand: string;
  transfers: string;
  transferBands: Record<SurveyTransferBand, string>;
  category: string;
  counter: string;
  clerk: string;
  surveyOff: string;
  perClerkOff: string;
  clerksBelow: string;
}

const pl: SurveyConsoleStrings = {
  intro:
    'Po obsłudze klient może jednym dotknięciem ocenić wizytę (od „bardzo źle” do „bardzo dobrze”), a po niskiej ocenie wskazać, co poszło nie tak. Nie pytamy o nic osobistego, a odpowiedź nie jest powiązana z biletem.',
  settings: 'Ustawienia ankiety',
  enabled: 'Pytaj klientów o ocenę wizyty',
  tablet: 'Na tabletach przy stanowiskach',
  phone: 'Na stronie biletu w telefonie',
  perClerk: 'Wyniki według urzędników',
  perClerkHint: 'Urzędnik pojawia się w raporcie dopiero przy co najmniej {min} odpowiedziach w okresie.',
  perClerkAdminOnly: 'To ustawienie zmienia administrator.',
  tabletsHint:
    'Tablet dodasz w sekcji Urządzenia (rodzaj „tablet do oceny”) i tam wybierzesz jego stanowisko.',
  save: 'Zapisz ustawienia ankiety',
  saved: 'Zapisano ustawienia ankiety.',
  title: 'Ankieta po wizycie',
  none: 'Brak odpowiedzi w tym okresie.',
  figures: {
    answers: 'Odpowiedzi',
    responseRate: 'Odsetek odpowiedzi',
    mean: 'Średnia ocena (1–5)',
    tablet: 'Z tabletów',
    phone: 'Z telefonów',
  },
  scores: { 1: 'bardzo źle', 2: 'źle', 3: 'przeciętnie', 4: 'dobrze', 5: 'bardzo dobrze' },
  reasons: { wait: 'czekanie', information: 'informacja', manner: 'sposób obsługi', other: 'inne' },
  channels: { tablet: 'tablet', phone: 'telefon' },
  distribution: 'Rozkład ocen',
  columns: [
    'Odpowiedzi',
    'Obsłużeni',
    'Odsetek odpowiedzi',
    'Średnia',
    'Oceny 1 / 2 / 3 / 4 / 5',
    'Powody: czekanie / informacja / sposób / inne',
  ],
  byCategory: 'Ankieta według spraw',
  byCounter: 'Ankieta według stanowisk',
  byDay: 'Ankieta według dni',
  byHour: 'Ankieta według godziny zakończenia wizyty',
  byWait: 'Ocena a czas czekania',
  byTransfers: 'Ocena a przekazania',
  byClerk: 'Ankieta według urzędników',
  day: 'Dzień',
  hour: 'Godzina',
  wait: 'Czekanie',
  waitBand: '{band} min',
  transfers: 'Przekazania',
  transferBands: { '0': 'bez przekazania', '1': '1 przekazanie', '2+': '2 lub więcej' },
  category: 'Sprawa',
  counter: 'Stanowisko',
  clerk: 'Urzędnik',
  surveyOff: 'Ankieta jest teraz wyłączona.',
  perClerkOff: 'Wyniki według urzędników są wyłączone.',
  clerksBelow: 'Pominięci urzędnicy z mniej niż {min} odpowiedziami: {n}.',
};

const en: SurveyConsoleStrings = {
  intro:
    'After service a client can rate the visit with one tap (from “very bad” to “very good”) and, after a low score, say what went wrong. Nothing personal is asked, and the answer is not linked to the ticket.',
  settings: 'Survey settings',
  enabled: 'Ask clients to rate their visit',
  tablet: 'On the tablets beside the counters',
  phone: 'On the ticket page on a phone',
  perClerk: 'Results per clerk',
  perClerkHint: 'A clerk appears in a report only with at least {min} answers in the period.',
  perClerkAdminOnly: 'An administrator changes this setting.',
  tabletsHint: 'Add a tablet under Devices (kind “feedback tablet”) and choose its counter there.',
  save: 'Save survey settings',
  saved: 'Survey settings saved.',
  title: 'Visit survey',
  none: 'No answers in this period.',
  figures: {
    answers: 'Answers',
    responseRate: 'Response rate',
    mean: 'Mean score (1–5)',
    tablet: 'From tablets',
    phone: 'From phones',
  },
  scores: { 1: 'very bad', 2: 'bad', 3: 'average', 4: 'good', 5: 'very good' },
  reasons: { wait: 'the wait', information: 'information', manner: 'manner', other: 'other' },
  channels: { tablet: 'tablet', phone: 'phone' },
  distribution: 'Scores',
  columns: [
    'Answers',
    'Served',
    'Response rate',
    'Mean',
    'Scores 1 / 2 / 3 / 4 / 5',
    'Reasons: wait / information / manner / other',
  ],
  byCategory: 'Survey by category',
  byCounter: 'Survey by counter',
  byDay: 'Survey by day',
  byHour: 'Survey by hour the visit ended',
  byWait: 'Score against the wait',
  byTransfers: 'Score against transfers',
  byClerk: 'Survey by clerk',
  day: 'Day',
  hour: 'Hour',
  wait: 'Wait',
  waitBand: '{band} min',
  transfers: 'Transfers',
  transferBands: { '0': 'no transfer', '1': '1 transfer', '2+': '2 or more' },
  category: 'Category',
  counter: 'Counter',
  clerk: 'Clerk',
  surveyOff: 'The survey is switched off now.',
  perClerkOff: 'Results per clerk are switched off.',
  clerksBelow: 'Clerks left out for having fewer than {min} answers: {n}.',
};

const uk: SurveyConsoleStrings = {
  intro:
    'Після обслуговування клієнт може одним дотиком оцінити візит (від «дуже погано» до «дуже добре»), а після низької оцінки вказати, що пішло не так. Нічого особистого не питаємо, а відповідь не пов’язана з талоном.',
  settings: 'Налаштування опитування',
  enabled: 'Просити клієнтів оцінити візит',
  tablet: 'На планшетах біля віконець',
  phone: 'На сторінці талона в телефоні',
  perClerk: 'Результати за працівниками',
  perClerkHint: 'Працівник з’являється у звіті лише за щонайменше {min} відповідей за період.',
  perClerkAdminOnly: 'Це налаштування змінює адміністратор.',
  tabletsHint: 'Планшет додайте в розділі «Пристрої» (вид «планшет для оцінки») і там виберіть його віконце.',
  save: 'Зберегти налаштування опитування',
  saved: 'Налаштування опитування збережено.',
  title: 'Опитування після візиту',
  none: 'Немає відповідей за цей період.',
  figures: {
    answers: 'Відповіді',
    responseRate: 'Частка відповідей',
    mean: 'Середня оцінка (1–5)',
    tablet: 'З планшетів',
    phone: 'З телефонів',
  },
  scores: { 1: 'дуже погано', 2: 'погано', 3: 'посередньо', 4: 'добре', 5: 'дуже добре' },
  reasons: { wait: 'очікування', information: 'інформація', manner: 'манера обслуговування', other: 'інше' },
  channels: { tablet: 'планшет', phone: 'телефон' },
  distribution: 'Оцінки',
  columns: [
    'Відповіді',
    'Обслужені',
    'Частка відповідей',
    'Середня',
    'Оцінки 1 / 2 / 3 / 4 / 5',
    'Причини: очікування / інформація / манера / інше',
  ],
  byCategory: 'Опитування за справами',
  byCounter: 'Опитування за віконцями',
  byDay: 'Опитування за днями',
  byHour: 'Опитування за годиною завершення візиту',
  byWait: 'Оцінка та час очікування',
  byTransfers: 'Оцінка та переадресації',
  byClerk: 'Опитування за працівниками',
  day: 'День',
  hour: 'Година',
  wait: 'Очікування',
  waitBand: '{band} хв',
  transfers: 'Переадресації',
  transferBands: { '0': 'без переадресації', '1': '1 переадресація', '2+': '2 або більше' },
  category: 'Справа',
  counter: 'Віконце',
  clerk: 'Працівник',
  surveyOff: 'Опитування зараз вимкнене.',
  perClerkOff: 'Результати за працівниками вимкнені.',
  clerksBelow: 'Пропущено працівників, що мають менше ніж {min} відповідей: {n}.',
};

export const SURVEY_CONSOLE: Record<Language, SurveyConsoleStrings> = { pl, en, uk };
