import type { Language } from '@numerek/shared';
import type { ApiErrorCode } from '@numerek/shared/client';
import { SURVEY_REASONS, SURVEY_SCORES, type SurveyReason, type SurveyScore } from '@numerek/shared/survey';

/** Why the survey did not take an answer (the cases of SURVEY_CLOSED). */
export type ClosedReason = 'off' | 'not_finished' | 'too_late' | 'other_counter';

/**
 * Every word of the visit survey, on the feedback tablet and on the ticket's phone page. One
 * shape for the three languages, so a phrase missing in one of them fails the typecheck.
 */
export interface SurveyText {
  languageName: string;
  language: string;
  question: string;
  questionHint: string;
  scores: Record<SurveyScore, string>;
  reasonQuestion: string;
  reasonHint: string;
  reasons: Record<SurveyReason, string>;
  skip: string;
  thanks: string;
  thanksText: string;
  /** The tablet at rest, beside its counter. */
  restTitle: string;
  restText: string;
  counter: string;
  /** The tablet while the survey, or the tablets, are switched off, or it has no counter. */
  inactive: string;
  noCounter: string;
  readAloud: string;
  repeat: string;
  stopSpeaking: string;
  unpairedTitle: string;
  unpairedText: string;
  pairingFailedText: string;
  offlineTitle: string;
  offlineText: string;
  revokedText: string;
  /** The phone page could not send the answer. */
  notSent: string;
  tryAgain: string;
  closed: Record<ClosedReason, string>;
}

const pl: SurveyText = {
  languageName: 'Polski',
  language: 'Język',
  question: 'Jak oceniasz wizytę?',
  questionHint: 'Dotknij jednej buźki. Odpowiedź jest anonimowa.',
  scores: { 1: 'Bardzo źle', 2: 'Źle', 3: 'Przeciętnie', 4: 'Dobrze', 5: 'Bardzo dobrze' },
  reasonQuestion: 'Co poszło nie tak?',
  reasonHint: 'Możesz wybrać jedną odpowiedź albo pominąć.',
  reasons: {
    wait: 'Długie czekanie',
    information: 'Niejasne informacje',
    manner: 'Sposób obsługi',
    other: 'Coś innego',
  },
  skip: 'Pomiń',
  thanks: 'Dziękujemy!',
  thanksText: 'Twoja ocena pomoże nam lepiej obsługiwać.',
  restTitle: 'Jak było?',
  restText: 'Po zakończeniu obsługi zapytamy tu, jak oceniasz wizytę.',
  counter: 'Stanowisko {n}',
  inactive: 'Ankieta jest teraz wyłączona.',
  noCounter: 'Tablet nie ma jeszcze stanowiska. Obsługa wybiera je w konsoli (Urządzenia).',
  readAloud: 'Czytaj na głos',
  repeat: 'Powtórz',
  stopSpeaking: 'Zatrzymaj czytanie',
  unpairedTitle: 'Tablet nie jest sparowany',
  unpairedText: 'Obsługa otwiera na nim link parowania z konsoli (Urządzenia).',
  pairingFailedText: 'Ten link parowania nie działa. Obsługa tworzy nowy w konsoli (Urządzenia).',
  offlineTitle: 'Brak połączenia',
  offlineText: 'Tablet łączy się z serwerem. Spróbuj za chwilę.',
  revokedText: 'Ten tablet został wycofany. Obsługa paruje go ponownie w konsoli.',
  notSent: 'Nie udało się wysłać odpowiedzi.',
  tryAgain: 'Spróbuj ponownie',
  closed: {
    off: 'Urząd nie zbiera teraz ocen.',
    not_finished: 'Ocenisz wizytę po zakończeniu obsługi.',
    too_late: 'Minęło zbyt wiele czasu, by ocenić tę wizytę.',
    other_counter: 'Tę wizytę można ocenić przy jej stanowisku albo w telefonie.',
  },
};

const en: SurveyText = {
  languageName: 'English',
  language: 'Language',
  question: 'How was your visit?',
  questionHint: 'Tap one face. Your answer is anonymous.',
  scores: { 1: 'Very bad', 2: 'Bad', 3: 'Average', 4: 'Good', 5: 'Very good' },
  reasonQuestion: 'What went wrong?',
  reasonHint: 'You may choose one answer, or skip.',
  reasons: {
    wait: 'A long wait',
    information: 'Unclear information',
    manner: 'The way I was served',
    other: 'Something else',
  },
  skip: 'Skip',
  thanks: 'Thank you!',
  thanksText: 'Your answer helps us serve you better.',
  restTitle: 'How was it?',
  restText: 'When your visit is over, we will ask here how it went.',
  counter: 'Counter {n}',
  inactive: 'The survey is switched off now.',
  noCounter: 'This tablet has no counter yet. Staff choose one in the console (Devices).',
  readAloud: 'Read aloud',
  repeat: 'Repeat',
  stopSpeaking: 'Stop reading',
  unpairedTitle: 'This tablet is not paired',
  unpairedText: 'Staff open a pairing link from the console (Devices) on it.',
  pairingFailedText: 'This pairing link does not work. Staff make a new one in the console (Devices).',
  offlineTitle: 'No connection',
  offlineText: 'The tablet is connecting to the server. Please try again in a moment.',
  revokedText: 'This tablet was revoked. Staff pair it again in the console.',
  notSent: 'Your answer could not be sent.',
  tryAgain: 'Try again',
  closed: {
    off: 'The office is not collecting ratings now.',
    not_finished: 'You can rate the visit once it is over.',
    too_late: 'Too much time has passed to rate this visit.',
    other_counter: 'This visit can be rated at its counter or on your phone.',
  },
};

const uk: SurveyText = {
  languageName: 'Українська',
  language: 'Мова',
  question: 'Як ви оцінюєте візит?',
  questionHint: 'Торкніться одного обличчя. Відповідь анонімна.',
  scores: { 1: 'Дуже погано', 2: 'Погано', 3: 'Посередньо', 4: 'Добре', 5: 'Дуже добре' },
  reasonQuestion: 'Що пішло не так?',
  reasonHint: 'Можете вибрати одну відповідь або пропустити.',
  reasons: {
    wait: 'Довге очікування',
    information: 'Незрозуміла інформація',
    manner: 'Манера обслуговування',
    other: 'Щось інше',
  },
  skip: 'Пропустити',
  thanks: 'Дякуємо!',
  thanksText: 'Ваша оцінка допоможе нам краще обслуговувати.',
  restTitle: 'Як усе пройшло?',
  restText: 'Після завершення обслуговування ми запитаємо тут, як пройшов візит.',
  counter: 'Віконце {n}',
  inactive: 'Опитування зараз вимкнене.',
  noCounter: 'Планшет ще не має віконця. Працівники вибирають його в консолі («Пристрої»).',
  readAloud: 'Читати вголос',
  repeat: 'Повторити',
  stopSpeaking: 'Зупинити читання',
  unpairedTitle: 'Планшет не під’єднано',
  unpairedText: 'Працівники відкривають на ньому посилання для під’єднання з консолі («Пристрої»).',
  pairingFailedText:
    'Це посилання для під’єднання не працює. Працівники створюють нове в консолі («Пристрої»).',
  offlineTitle: 'Немає з’єднання',
  offlineText: 'Планшет з’єднується із сервером. Спробуйте за хвилину.',
  revokedText: 'Цей планшет відкликано. Працівники під’єднують його знову в консолі.',
  notSent: 'Не вдалося надіслати відповідь.',
  tryAgain: 'Спробувати ще раз',
  closed: {
    off: 'Установа зараз не збирає оцінок.',
    not_finished: 'Оцінити візит можна після завершення обслуговування.',
    too_late: 'Минуло надто багато часу, щоб оцінити цей візит.',
    other_counter: 'Цей візит можна оцінити біля його віконця або в телефоні.',
  },
};

export const SURVEY_TEXT: Record<Language, SurveyText> = { pl, en, uk };
export const SURVEY_LANGUAGES: readonly Language[] = ['pl', 'en', 'uk'];

/** The screens of the feedback tablet. */
export type TabletScreen =
  'unpaired' | 'pairingFailed' | 'offline' | 'revoked' | 'resting' | 'question' | 'reason' | 'thanks';

/**
 * What the read-aloud mode says on a screen of the tablet (or of the phone page's survey): the
 * question and every choice, numbered as on the screen. Pure, so tests call it.
 */
export function surveySpeech(
  screen: TabletScreen,
  lang: Language,
  state: { counter: number | null; active: boolean } = { counter: null, active: true },
): string {
  const x = SURVEY_TEXT[lang];
  switch (screen) {
    case 'question':
      return [`${x.question} ${x.questionHint}`, ...SURVEY_SCORES.map((s) => `${s}: ${x.scores[s]}.`)].join(
        ' ',
      );
    case 'reason':
      return [
        `${x.reasonQuestion} ${x.reasonHint}`,
        ...SURVEY_REASONS.map((r) => `${x.reasons[r]}.`),
        `${x.skip}.`,
      ].join(' ');
    case 'thanks':
      return `${x.thanks} ${x.thanksText}`;
    case 'resting':
      if (!state.active) return state.counter === null ? x.noCounter : x.inactive;
      return `${x.restTitle} ${x.restText}`;
    case 'unpaired':
      return `${x.unpairedTitle}. ${x.unpairedText}`;
    case 'pairingFailed':
      return `${x.unpairedTitle}. ${x.pairingFailedText}`;
    case 'offline':
      return `${x.offlineTitle}. ${x.offlineText}`;
    case 'revoked':
      return `${x.unpairedTitle}. ${x.revokedText}`;
  }
}

/** Why an answer was not taken, in words: a case of SURVEY_CLOSED, or that it could not be sent. */
export function notTakenText(code: ApiErrorCode, reason: string | undefined, lang: Language): string {
  const x = SURVEY_TEXT[lang];
  if (code === 'SURVEY_CLOSED' && reason !== undefined && Object.hasOwn(x.closed, reason)) {
    return x.closed[reason as ClosedReason];
  }
  return x.notSent;
}
