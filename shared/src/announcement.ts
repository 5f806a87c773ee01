import type { Language } from './constants.ts';

/**
 * What the hall hears when a ticket is called: one table of words per language, which a
 * supervisor can read (docs/announcements.md prints it), and one pure function that builds the
 * sentence from it. The server renders this sentence to audio (server/src/modules/speech); a
 * display set to the browser's own voice speaks the same text. Pure and free of dependencies, so
 * the display's bundle imports it without a validator.
 */

/** What an announcement needs of a call. */
export interface CallToAnnounce {
  code: string;
  counter: { number: number; name: string };
}

/** One language's words for an announcement. */
export interface AnnouncementWording {
  /** The word before the ticket's code: "Numer A 17". */
  number: string;
  /** The word before the counter's number: "stanowisko 5". */
  counter: string;
  /**
   * Latin letters written as a listener of this language names them, where a voice would read
   * the bare letter wrongly (a Polish "W" alone is the preposition "w"; an English "A" alone is the
   * article "a"). Letters not listed are read as they are.
   */
  letters: Partial<Record<string, string>>;
  /**
   * Whether the name the office gave a counter is read after its number ("stanowisko 5, Kasa").
   * Offices type names in Polish, so only the Polish sentence reads them; another language's voice
   * would mangle them.
   */
  readsCounterName: boolean;
  /** Words an office abbreviates in counter names, read in full ("pok." → "pokój"). */
  abbreviations: Partial<Record<string, string>>;
}

/** The wording table (docs/announcements.md). */
export const ANNOUNCEMENT_WORDING: Record<Language, AnnouncementWording> = {
  pl: {
    number: 'Numer',
    counter: 'stanowisko',
    letters: { J: 'jot', Q: 'ku', V: 'fau', W: 'wu', X: 'iks', Y: 'igrek', Z: 'zet' },
    readsCounterName: true,
    abbreviations: { nr: 'numer', pok: 'pokój', ok: 'okienko', st: 'stanowisko', sek: 'sekcja' },
  },
  en: {
    number: 'Number',
    counter: 'counter',
    letters: { A: 'eh' },
    readsCounterName: false,
    abbreviations: {},
  },
  uk: {
    number: 'Номер',
    counter: 'віконце',
    // A Ukrainian voice reads Cyrillic only, so every Latin letter is written out.
    letters: {
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
    readsCounterName: false,
    abbreviations: {},
  },
};

/**
 * A ticket code as it should be spoken: the prefix letter by letter, then the number without
 * leading zeros ("A017" → "A 17", "WB002" → "wu B 2" in Polish).
 */
export function spokenCode(code: string, language: Language): string {
  const m = /^([A-Za-z]+)0*(\d+)$/.exec(code.trim());
  const letters = m ? (m[1] ?? '') : code.replace(/[^A-Za-z]/g, '');
  const number = m ? (m[2] ?? '') : (/\d+/.exec(code)?.[0] ?? '').replace(/^0+(?=\d)/, '');
  const names = ANNOUNCEMENT_WORDING[language].letters;
  const spelled = letters
    .toUpperCase()
    .split('')
    .map((ch) => names[ch] ?? ch);
  return [...spelled, number].filter(Boolean).join(' ');
}

/** The longest counter name that is read aloud, in characters. */
export const SPOKEN_COUNTER_NAME_MAX = 60;

/**
 * The name an office gave a counter, as it is read after the counter's number, or '' when it
 * adds nothing ("Stanowisko 5" for counter 5, or just "5"). Abbreviations are read in full,
 * signs a voice would read out ("#", "/", "*") become pauses, and the name is cut at a word
 * boundary after SPOKEN_COUNTER_NAME_MAX characters.
 */
export function spokenCounterName(counter: CallToAnnounce['counter'], language: Language): string {
  const wording = ANNOUNCEMENT_WORDING[language];
  if (!wording.readsCounterName) return '';
  const words = counter.name
    .replace(/[^\p{L}\p{N}\s.-]+/gu, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^[.-]+|[.-]+$/g, ''))
    .filter(Boolean)
    .map((w) => wording.abbreviations[w.toLowerCase()] ?? spellInitialism(w, wording));
  const generic = words.filter(
    (w) => w !== String(counter.number) && w.toLowerCase() !== wording.counter.toLowerCase(),
  );
  if (generic.length === 0) return '';
  let name = '';
  for (const w of words) {
    if ((name + ' ' + w).trim().length > SPOKEN_COUNTER_NAME_MAX) break;
    name = (name + ' ' + w).trim();
  }
  return name;
}

/**
 * An all-capitals word of two to four letters that cannot be said as a word ("USC", "NFZ") is
 * spelled letter by letter ("U S C"); one that reads as a syllable ("ZUS", "PIT", "KRUS") stays a
 * word, as people say it.
 */
function spellInitialism(word: string, wording: AnnouncementWording): string {
  if (!/^\p{Lu}{2,4}$/u.test(word) || /^[^AEIOUY]{0,2}[AEIOUY][^AEIOUY]$/u.test(word)) return word;
  return word
    .split('')
    .map((ch) => wording.letters[ch] ?? ch)
    .join(' ');
}

/**
 * The sentence spoken for a call (D2): "Numer A 17, stanowisko 5." / "Number eh 17, counter 5." /
 * "Номер а 17, віконце 5.", and in Polish the counter's own name when the office gave it one
 * ("Numer A 17, stanowisko 5, Kasa."). Pure, so tests call it.
 */
export function announcementText(call: CallToAnnounce, language: Language): string {
  const w = ANNOUNCEMENT_WORDING[language];
  const name = spokenCounterName(call.counter, language);
  const counter = `${w.counter} ${call.counter.number}`;
  return `${w.number} ${spokenCode(call.code, language)}, ${name ? `${counter}, ${name}` : counter}.`;
}
