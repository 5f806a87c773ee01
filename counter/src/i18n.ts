import type { CallReasonCode, Language, PauseReason } from '@numerek/shared';
import { en } from './i18n/en.ts';
import { pl, type Strings } from './i18n/pl.ts';
import { uk } from './i18n/uk.ts';

export type { Strings };

export const STRINGS: Record<Language, Strings> = { pl, en, uk };

// The lists below come from typed records (Record<Union, …>), so the compiler checks they are
// complete against the protocol's unions, without bundling the protocol's runtime schemas.
export const LANGUAGE_LIST = Object.keys(STRINGS) as Language[];
export const PAUSE_REASON_LIST = Object.keys(pl.pauseReasons) as PauseReason[];
export const CALL_REASON_LIST = Object.keys(pl.callReasons) as CallReasonCode[];

/** Fills `{name}` placeholders. */
export function fmt(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
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

/** A category's name in the interface language, falling back to Polish. */
export function nameIn(names: { pl: string; en?: string; uk?: string }, lang: Language): string {
  return names[lang] ?? names.pl;
}
