import type { Language } from '@numerek/shared';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { STRINGS, weekdayIn, type Strings } from '../i18n.ts';
import { consoleEn } from './words/en.ts';
import { consolePl, type ConsoleStrings } from './words/pl.ts';
import { consoleUk } from './words/uk.ts';

export type { ConsoleStrings };

export const CONSOLE_STRINGS: Record<Language, ConsoleStrings> = {
  pl: consolePl,
  en: consoleEn,
  uk: consoleUk,
};

/** The console's language: its own words (`c`) and the app's shared ones (`t`: errors, decisions, states). */
export interface Words {
  lang: Language;
  t: Strings;
  c: ConsoleStrings;
}

export function wordsIn(lang: Language): Words {
  return { lang, t: STRINGS[lang], c: CONSOLE_STRINGS[lang] };
}

export const WordsContext = createContext<Words>(wordsIn('pl'));

/** The words of the language the supervisor chose. */
export function useWords(): Words {
  return useContext(WordsContext);
}

/** A date and time as the language writes it ('—' when there is none). */
export function dateTime(lang: Language, iso: string | null): string {
  return iso
    ? new Date(iso).toLocaleString(lang, {
        day: '2-digit',
        month: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      })
    : '—';
}

/** A time of day (hours and minutes) as the language writes it. */
export function timeOfDay(lang: Language, at: number | string): string {
  return new Date(at).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' });
}

/** The name of a weekday (0 = Monday) as the language writes it. */
export function weekdayName(lang: Language, day: number): string {
  return weekdayIn(lang, day + 1);
}

/** A calendar day (`YYYY-MM-DD`) in words, e.g. "21 listopada 2026". */
export function dayInWords(lang: Language, day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString(lang, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });
}
