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

/**
 * Runs `work` once the page is idle (at most `maxMs` later): for what the first screen does not
 * need, so it never delays the calls appearing on a slow TV stick.
 */
export function whenIdle(work: () => void, maxMs = 2000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(work, { timeout: maxMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(work, Math.min(maxMs, 500));
  return () => clearTimeout(id);
}
