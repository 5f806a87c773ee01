import type { Language } from '@numerek/shared';

/** What an announcement needs of a call. */
export interface CallToAnnounce {
  code: string;
  counter: { number: number; name: string };
}

/**
 * Names of Latin letters for a listener of each language. Polish voices read most single
 * capitals correctly ("A", "B"), but not the letters Polish does not use or reads differently
 * (W, Y, Q, V, X, J), so those are written as a Polish speaker says them. A Ukrainian voice reads
 * Cyrillic only, so every letter is written out.
 */
const LETTER_NAMES: Record<Language, Partial<Record<string, string>>> = {
  pl: { J: 'jot', Q: 'ku', V: 'fau', W: 'wu', X: 'iks', Y: 'igrek', Z: 'zet' },
  en: {},
  uk: {
    A: 'а',
    B: 'бе',
    C: 'це',
    D: 'де',
    E: 'е',
    F: 'еф',
    G: 'ге',
    H: 'аш',
    I: 'і',
    J: 'йот',
    K: 'ка',
    L: 'ель',
    M: 'ем',
    N: 'ен',
    O: 'о',
    P: 'пе',
    Q: 'ку',
    R: 'ер',
    S: 'ес',
    T: 'те',
    U: 'у',
    V: 'ве',
    W: 'дубль-ве',
    X: 'ікс',
    Y: 'ігрек',
    Z: 'зет',
  },
};

const WORDS: Record<Language, { number: string; counter: string }> = {
  pl: { number: 'Numer', counter: 'stanowisko' },
  en: { number: 'Number', counter: 'counter' },
  uk: { number: 'Номер', counter: 'віконце' },
};

/**
 * A ticket code as it should be spoken: the prefix letter by letter, then the number without
 * leading zeros ("A017" → "A 17", "WB002" → "wu B 2" in Polish).
 */
export function spokenCode(code: string, language: Language): string {
  const m = /^([A-Za-z]+)0*(\d+)$/.exec(code.trim());
  const letters = m ? (m[1] ?? '') : code.replace(/\d+/g, '');
  const number = m ? (m[2] ?? '') : (/\d+/.exec(code)?.[0] ?? '').replace(/^0+(?=\d)/, '');
  const names = LETTER_NAMES[language];
  const spelled = letters
    .toUpperCase()
    .split('')
    .map((ch) => names[ch] ?? ch);
  return [...spelled, number].filter(Boolean).join(' ');
}

/**
 * The sentence spoken for a call (D2): "Numer A 17, stanowisko 5." / "Number A 17, counter 5." /
 * "Номер а 17, віконце 5." Pure, so tests call it.
 */
export function announcementText(call: CallToAnnounce, language: Language): string {
  const w = WORDS[language];
  return `${w.number} ${spokenCode(call.code, language)}, ${w.counter} ${call.counter.number}.`;
}
