import type { Language } from '@numerek/shared';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** An app's dictionaries, one per language, of the same shape (functions are skipped). */
export type Dictionaries = Record<Language, unknown>;

/** Every string in a dictionary, however deeply nested. */
function phrasesOf(dictionary: unknown, into: Set<string> = new Set()): Set<string> {
  if (typeof dictionary === 'string') into.add(dictionary.trim());
  else if (Array.isArray(dictionary)) for (const v of dictionary) phrasesOf(v, into);
  else if (dictionary && typeof dictionary === 'object')
    for (const v of Object.values(dictionary)) phrasesOf(v, into);
  return into;
}

/**
 * Words shorter than this are left out: "ok", "pn", "до", "min" and the like are written the
 * same in several languages, or are abbreviations; from three letters on ("the", "nie", "або")
 * a word tells its language.
 */
const MIN_WORD = 3;

/** The words of a text that carry meaning (placeholders and shorter words left out). */
function wordsOf(phrase: string): string[] {
  return phrase
    .replace(/\{[^}]*\}/g, ' ')
    .split(/[^\p{L}]+/u)
    .filter((w) => w.length >= MIN_WORD)
    .map((w) => w.toLowerCase());
}

/**
 * Words that only another language's dictionary uses: a word of the English dictionary that no
 * Polish phrase contains is evidence of English on a Polish screen, and so on.
 */
export function foreignWords(dictionaries: Dictionaries, lang: Language): Set<string> {
  const own = new Set([...phrasesOf(dictionaries[lang])].flatMap(wordsOf));
  const foreign = new Set<string>();
  for (const [other, dictionary] of Object.entries(dictionaries)) {
    if (other === lang) continue;
    for (const w of [...phrasesOf(dictionary)].flatMap(wordsOf)) if (!own.has(w)) foreign.add(w);
  }
  return foreign;
}

/**
 * The passages of the page shown as `lang` (their nearest `lang` attribute says so) that are in
 * another language: text in another script (Cyrillic on a Polish or English screen, Latin words
 * on a Ukrainian one), Polish letters on an English screen, or words only another language's
 * dictionary uses. `allowed` holds what the office typed itself (category and office names) and
 * other text that is the same in every language (ticket codes are always allowed). A passage the
 * page marks with `data-any-language` (file names, addresses, codes as recorded) is skipped.
 *
 * Visible text, `aria-label`, `title`, `alt` and `placeholder` are read, since a screen reader
 * says them too, and the document's title when the page as a whole is in `lang`.
 */
export async function foreignPassages(
  page: Page,
  lang: Language,
  dictionaries: Dictionaries,
  allowed: readonly string[] = [],
): Promise<string[]> {
  const passages = await page.evaluate((want) => {
    const out: string[] = [];
    const langOf = (el: Element | null) => el?.closest('[lang]')?.getAttribute('lang')?.slice(0, 2) ?? '';
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim() ?? '';
      if (!el || !text || el.closest('script, style, [hidden], [aria-hidden="true"], [data-any-language]'))
        continue;
      const box = el.getBoundingClientRect();
      const visible = box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      if (visible && langOf(el) === want) out.push(text);
    }
    // The tab's title, which a screen reader says first, is in the page's language.
    if (document.documentElement.lang.slice(0, 2) === want && document.title.trim())
      out.push(document.title.trim());
    for (const el of Array.from(document.querySelectorAll('[aria-label], [title], [alt], [placeholder]'))) {
      if (langOf(el) !== want || el.closest('[data-any-language]')) continue;
      for (const a of ['aria-label', 'title', 'alt', 'placeholder']) {
        const v = el.getAttribute(a)?.trim();
        if (v) out.push(v);
      }
    }
    return out;
  }, lang);

  return foreignTexts(passages, lang, dictionaries, allowed);
}

/**
 * The texts of `texts`, meant to be in `lang`, that are in another language (the test of
 * {@link foreignPassages}, for text that is not on a page: what the kiosk reads aloud, say).
 */
export function foreignTexts(
  texts: readonly string[],
  lang: Language,
  dictionaries: Dictionaries,
  allowed: readonly string[] = [],
): string[] {
  const foreign = foreignWords(dictionaries, lang);
  const strip = (text: string) => {
    // Soft hyphens only mark where a word may break (the kiosk's tiles): the word is whole.
    let t = text.replaceAll('\u00AD', '');
    for (const a of allowed) if (a) t = t.split(a).join(' ');
    // Ticket codes (A017, AB003) read the same in every language.
    return t.replace(/\b[A-Z]{1,3}\d{1,4}\b/g, ' ');
  };
  const wrongScript =
    lang === 'uk'
      ? /[A-Za-zĄĆĘŁŃÓŚŹŻąćęłńóśźż]{4,}/
      : lang === 'en'
        ? /[\u0400-\u04FFĄĆĘŁŃŚŹŻąćęłńśźż]/
        : /[\u0400-\u04FF]/;
  return texts.filter((text) => {
    const t = strip(text);
    if (wrongScript.test(t)) return true;
    return wordsOf(t).some((w) => foreign.has(w));
  });
}

/** Fails, naming the passages, when the page shows `lang` text in another language. */
export async function expectOnlyLanguage(
  page: Page,
  lang: Language,
  dictionaries: Dictionaries,
  name: string,
  allowed: readonly string[] = [],
): Promise<void> {
  expect(await foreignPassages(page, lang, dictionaries, allowed), `${name} in ${lang}`).toEqual([]);
}
