import type { Language } from '@numerek/shared';

const LOCALE: Record<Language, string> = { pl: 'pl-PL', en: 'en-GB', uk: 'uk-UA' };
const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * The office's time as the language writes it ("09:05"). A formatter is made once per language and
 * time zone: making one costs far more than using it, and the clock ticks every second.
 */
export function clockText(lang: Language, timeZone: string, at: number): string {
  const id = `${lang} ${timeZone}`;
  let format = formats.get(id);
  if (!format) {
    format = new Intl.DateTimeFormat(LOCALE[lang], { timeZone, hour: '2-digit', minute: '2-digit' });
    formats.set(id, format);
  }
  return format.format(at);
}
