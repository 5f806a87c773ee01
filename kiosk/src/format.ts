import type { Language, OpeningHours, WaitRange } from '@numerek/shared';
import { STRINGS, fill } from './i18n.ts';

/** "08:00" → "8:00"; "24:00" stays. */
export function clock(hhmm: string): string {
  return hhmm.replace(/^0(\d)/, '$1');
}

/**
 * Weekly opening hours in a few words: days with the same hours are joined into ranges,
 * e.g. "pn 8:00–17:00, wt–pt 8:00–15:30". `null` (no fixed hours) and `[]` (no hours) give "".
 */
export function formatHours(hours: OpeningHours, lang: Language): string {
  if (!hours || hours.length === 0) return '';
  const days = STRINGS[lang].days;
  const byDay = new Map<number, string>();
  const sorted = [...hours].sort((a, b) => a.day - b.day || a.open.localeCompare(b.open));
  for (const h of sorted) {
    const span = `${clock(h.open)}–${clock(h.close)}`;
    const prev = byDay.get(h.day);
    byDay.set(h.day, prev ? `${prev}, ${span}` : span);
  }
  const parts: string[] = [];
  let runStart = 0;
  let runEnd = 0;
  let runSpans = '';
  const flush = () => {
    if (!runStart) return;
    const from = days[runStart - 1] ?? '';
    const to = days[runEnd - 1] ?? '';
    const label = runStart === runEnd ? from : runEnd === runStart + 1 ? `${from}, ${to}` : `${from}–${to}`;
    parts.push(`${label} ${runSpans}`);
  };
  for (let day = 1; day <= 7; day++) {
    const spans = byDay.get(day);
    if (spans && spans === runSpans && runEnd === day - 1) {
      runEnd = day;
      continue;
    }
    flush();
    if (spans) {
      runStart = day;
      runEnd = day;
      runSpans = spans;
    } else {
      runStart = 0;
      runSpans = '';
    }
  }
  flush();
  return parts.join('; ');
}

/**
 * "Otwarte pn 8:00–17:00; wt–pt 8:00–15:30"; "Otwarte cały czas" without fixed hours (`null`); and
 * for a category saved with no hours at all (`[]`, never open) that it has none.
 */
export function openingText(hours: OpeningHours, lang: Language): string {
  const t = STRINGS[lang];
  if (hours === null) return t.alwaysOpen;
  const text = formatHours(hours, lang);
  return text ? fill(t.openHours, { hours: text }) : t.noHours;
}

/** "ok. 10–20 min", "do 5 min" or "obsłużymy Cię za chwilę". */
export function formatWait(wait: WaitRange, lang: Language): string {
  const t = STRINGS[lang];
  if (wait.maxMinutes <= 0) return t.waitNone;
  if (wait.minMinutes <= 0 || wait.minMinutes === wait.maxMinutes)
    return fill(t.waitUpTo, { max: wait.maxMinutes });
  return fill(t.waitRange, { min: wait.minMinutes, max: wait.maxMinutes });
}

/** "A017" → "A 17": how a ticket code is read aloud (letters apart, the number as a number). */
export function spokenCode(code: string): string {
  const m = /^([A-Z]+)0*(\d+)$/.exec(code);
  if (!m) return code.split('').join(' ');
  return `${(m[1] ?? '').split('').join(' ')} ${m[2] ?? ''}`;
}
