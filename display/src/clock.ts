import type { Language } from '@numerek/shared';
import { officeTime } from '@numerek/shared/office-time';

const LOCALE: Record<Language, string> = { pl: 'pl-PL', en: 'en-GB', uk: 'uk-UA' };

/**
 * The office's time as the language writes it ("09:05"). The shared helper makes a formatter once
 * per language and time zone: making one costs far more than using it, and the clock ticks every
 * second.
 */
export function clockText(lang: Language, timeZone: string, at: number): string {
  return officeTime(LOCALE[lang], at, timeZone, 'time');
}
