import type { Language } from '@numerek/shared';
import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { officeTime } from '@numerek/shared/office-time';
import { STRINGS, weekdayIn, type Strings } from '../i18n.ts';
import { currentOfficeZone } from './office-day.ts';
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

/**
 * A date and time as the language writes it, on the office's clock ('—' when there is none). The
 * zone defaults to the signed-in user's office; a page of several offices passes each row's own.
 */
export function dateTime(
  lang: Language,
  iso: string | null,
  zone: string | null = currentOfficeZone(),
): string {
  return iso ? officeTime(lang, iso, zone) : '—';
}

/** A time of day (hours and minutes) as the language writes it, on the office's clock. */
export function timeOfDay(
  lang: Language,
  at: number | string,
  zone: string | null = currentOfficeZone(),
): string {
  return officeTime(lang, at, zone, 'time');
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
