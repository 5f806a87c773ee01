import type { Language } from '@numerek/shared';

/**
 * Where the long words of a tile may break, marked with soft hyphens (U+00AD) from TeX's
 * hyphenation patterns (the `hyphen` package), so that "niepełnosprawnością" in large text breaks
 * as "niepełnospraw-ností" and not at whatever letter reached the edge. CSS `hyphens: auto` would
 * do it only where the browser has a dictionary for the language, and a kiosk's Chromium often
 * has none (they come as a component update a locked-down kiosk does not get).
 *
 * The patterns (about 10 KB gzip for Polish or Ukrainian, 21 KB for English) are loaded on demand,
 * one language at a time, outside the kiosk's first load; until they arrive, and if they cannot,
 * the text is shown as it is.
 */
type Hyphenate = (text: string) => string;

/**
 * Only long words break: a short one moves whole to the next line, which reads more easily
 * ("numerek", not "nu-merek"); a word under ten letters fits a tile's line even in large text.
 */
const MIN_WORD = 10;

const LOADERS: Record<Language, () => Promise<{ default: Hyphenation } | Hyphenation>> = {
  pl: () => import('hyphen/pl'),
  en: () => import('hyphen/en-us'),
  uk: () => import('hyphen/uk'),
};

const ready = new Map<Language, Hyphenate>();
const pending = new Map<Language, Promise<Hyphenate | null>>();

/** The hyphenation of a language when its patterns are loaded, or null until then. */
export function hyphenatorFor(lang: Language): Hyphenate | null {
  return ready.get(lang) ?? null;
}

/** Loads a language's patterns once; resolves to null when they cannot be loaded. */
export function loadHyphenator(lang: Language): Promise<Hyphenate | null> {
  const known = pending.get(lang);
  if (known) return known;
  const loading = LOADERS[lang]()
    .then((module) => {
      const patterns = 'default' in module ? module.default : module;
      const hyphenate: Hyphenate = (text) => patterns.hyphenateSync(text, { minWordLength: MIN_WORD });
      ready.set(lang, hyphenate);
      return hyphenate;
    })
    .catch(() => {
      // Tried again on the next screen that asks: a kiosk whose server was restarting gets them later.
      pending.delete(lang);
      return null;
    });
  pending.set(lang, loading);
  return loading;
}
