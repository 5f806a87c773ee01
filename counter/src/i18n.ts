import type { CallReasonCode, Language, PauseReason } from '@numerek/shared';
import { en } from './i18n/en.ts';
import { pl, type Sentence, type Strings } from './i18n/pl.ts';
import { uk } from './i18n/uk.ts';

export type { Strings };

export const STRINGS: Record<Language, Strings> = { pl, en, uk };

// The lists below come from typed records (Record<Union, …>), so the compiler checks they are
// complete against the protocol's unions, without bundling the protocol's runtime schemas.
export const LANGUAGE_LIST = Object.keys(STRINGS) as Language[];
export const PAUSE_REASON_LIST = Object.keys(pl.pauseReasons) as PauseReason[];
export const CALL_REASON_LIST = Object.keys(pl.callReasons) as CallReasonCode[];

/** Fills `{name}` placeholders. */
export function fmt(template: string, vars: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The first form of a sentence whose values are all given, filled (the last form needs none). */
export function sentence(forms: Sentence, vars: Readonly<Record<string, string | number>>): string {
  const list = typeof forms === 'string' ? [forms] : forms;
  const fits = list.find((f) => [...f.matchAll(PLACEHOLDER)].every(([, k]) => k !== undefined && k in vars));
  return fmt(fits ?? list[list.length - 1] ?? '', vars);
}

/** A number as the language writes it (a decimal comma in Polish and Ukrainian), one decimal at most unless told. */
export function num(t: Strings, n: number, decimals = 1): string {
  return new Intl.NumberFormat(t.locale, { maximumFractionDigits: decimals }).format(n);
}

/** The forms of a phrase with a count: Polish and Ukrainian use one/few/many, fractions `other`. */
export interface PluralForms {
  one: string;
  few: string;
  many: string;
  other: string;
}

/** The form of `forms` that fits `n` in the language, with `{n}` filled in. */
export function plural(
  t: Strings,
  n: number,
  forms: PluralForms,
  vars: Record<string, string | number> = {},
): string {
  const category = new Intl.PluralRules(t.locale).select(n);
  const form =
    category === 'one' || category === 'few' || category === 'many' ? forms[category] : forms.other;
  return fmt(form, { ...vars, n: num(t, n) });
}

const LANG_KEY = 'numerek.counter.lang';

export function savedLanguage(): Language {
  const v = localStorage.getItem(LANG_KEY);
  return v === 'en' || v === 'uk' ? v : 'pl';
}

export function saveLanguage(lang: Language): void {
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang;
}

/** An ISO weekday (1 Monday … 7 Sunday) as the language names it, e.g. "wtorek". */
export function weekdayIn(locale: string, isoDay: number): string {
  // 1 January 2024 was a Monday.
  return new Date(Date.UTC(2024, 0, isoDay)).toLocaleDateString(locale, { weekday: 'long', timeZone: 'UTC' });
}

/** A category's name in the interface language, falling back to Polish. */
export function nameIn(names: { pl: string; en?: string; uk?: string }, lang: Language): string {
  return names[lang] ?? names.pl;
}
