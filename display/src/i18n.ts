import type { ErrorCode, Language } from '@numerek/shared';

/**
 * Every word the hall display shows. One shape for the three languages, so a phrase missing in
 * one of them fails the typecheck.
 */
export interface DisplayLabels {
  nowCalling: string;
  counter: string;
  ticket: string;
  lastCalls: string;
  waiting: string;
  noCalls: string;
  offline: string;
  connecting: string;
  enableSound: string;
  enableSoundHint: string;
  /** The display's token was revoked, or the server refuses it. */
  revoked: string;
  pairingExpired: string;
  pairingUsed: string;
  pairingInvalid: string;
  title: string;
}

export const LABELS: Readonly<Record<Language, DisplayLabels>> = {
  pl: {
    nowCalling: 'Wywołanie',
    counter: 'stanowisko',
    ticket: 'numer',
    lastCalls: 'Ostatnie wywołania',
    waiting: 'Oczekujących',
    noCalls: 'Jeszcze nikogo nie wywołano',
    offline: 'Brak połączenia z serwerem',
    connecting: 'Łączenie z serwerem…',
    enableSound: 'Dotknij, aby włączyć dźwięk',
    enableSoundHint: 'Przeglądarka wstrzymała dźwięk. Jedno dotknięcie włącza gong i komunikaty głosowe.',
    revoked: 'Ten ekran jest odłączony. Podłącz go nowym linkiem z konsoli.',
    pairingExpired: 'Ten link parowania wygasł: działa tylko przez 24 godziny. Utwórz nowy link w konsoli.',
    pairingUsed: 'Ten link parowania został już użyty: działa tylko raz. Utwórz nowy link w konsoli.',
    pairingInvalid: 'Ten link parowania jest nieprawidłowy. Utwórz nowy link w konsoli.',
    title: 'Tablica wywoławcza',
  },
  en: {
    nowCalling: 'Now calling',
    counter: 'counter',
    ticket: 'number',
    lastCalls: 'Last calls',
    waiting: 'Waiting',
    noCalls: 'No number called yet',
    offline: 'No connection to the server',
    connecting: 'Connecting to the server…',
    enableSound: 'Tap to enable sound',
    enableSoundHint: 'The browser has muted sound. One tap turns on the chime and the voice announcements.',
    revoked: 'This screen is disconnected. Connect it with a new link from the console.',
    pairingExpired:
      'This pairing link has expired: it works for 24 hours only. Make a new link in the console.',
    pairingUsed:
      'This pairing link has already been used: it works only once. Make a new link in the console.',
    pairingInvalid: 'This pairing link is not valid. Make a new link in the console.',
    title: 'Call display',
  },
  uk: {
    nowCalling: 'Виклик',
    counter: 'віконце',
    ticket: 'номер',
    lastCalls: 'Останні виклики',
    waiting: 'Очікують',
    noCalls: 'Ще нікого не викликали',
    offline: 'Немає з’єднання з сервером',
    connecting: 'З’єднання з сервером…',
    enableSound: 'Торкніться, щоб увімкнути звук',
    enableSoundHint: 'Браузер вимкнув звук. Одне торкання вмикає сигнал і голосові оголошення.',
    revoked: 'Цей екран відключено. Підключіть його новим посиланням з консолі.',
    pairingExpired:
      'Термін дії цього посилання минув: воно діє лише 24 години. Створіть нове посилання в консолі.',
    pairingUsed:
      'Цим посиланням уже скористалися: воно діє лише один раз. Створіть нове посилання в консолі.',
    pairingInvalid: 'Це посилання недійсне. Створіть нове посилання в консолі.',
    title: 'Табло викликів',
  },
};

/** Why a pairing link was refused, in words: the server's codes, never its English message. */
export function pairingProblem(code: ErrorCode, lang: Language): string {
  const t = LABELS[lang];
  if (code === 'PAIRING_CODE_EXPIRED') return t.pairingExpired;
  if (code === 'PAIRING_CODE_USED') return t.pairingUsed;
  return t.pairingInvalid;
}

const LANGUAGE_KEY = 'numerek.display.language';

/**
 * The language of the display's words: the first of its announcement languages, remembered in the
 * browser's storage, so a display the server stops serving (revoked, say) still speaks to its
 * hall in that language, also after a restart. Polish for a display that never had settings.
 */
export function displayLanguage(configured: readonly Language[] | null, storage: Storage): Language {
  const first = configured?.[0];
  if (first) {
    if (storage.getItem(LANGUAGE_KEY) !== first) storage.setItem(LANGUAGE_KEY, first);
    return first;
  }
  const kept = storage.getItem(LANGUAGE_KEY);
  return kept === 'en' || kept === 'uk' || kept === 'pl' ? kept : 'pl';
}
