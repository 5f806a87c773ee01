import { describe, expect, it } from 'vitest';
import { formatHours, formatWait, openingText, spokenCode } from './format.ts';
import { KIOSK_LANGUAGES, STRINGS } from './i18n.ts';

const weekdays = (open: string, close: string, days: number[]) => days.map((day) => ({ day, open, close }));

describe('formatHours', () => {
  it('joins days with the same hours into a range, Monday apart when it differs', () => {
    const hours = [{ day: 1, open: '08:00', close: '17:00' }, ...weekdays('08:00', '15:30', [2, 3, 4, 5])];
    expect(formatHours(hours, 'pl')).toBe('pn 8:00–17:00; wt–pt 8:00–15:30');
    expect(formatHours(hours, 'en')).toBe('Mon 8:00–17:00; Tue–Fri 8:00–15:30');
    expect(formatHours(hours, 'uk')).toBe('пн 8:00–17:00; вт–пт 8:00–15:30');
  });

  it('lists two days with a comma, keeps split days together and skips gaps', () => {
    const hours = [
      { day: 3, open: '13:00', close: '16:00' },
      { day: 3, open: '08:00', close: '12:00' },
      { day: 4, open: '08:00', close: '12:00' },
      { day: 4, open: '13:00', close: '16:00' },
      { day: 6, open: '09:00', close: '13:00' },
    ];
    expect(formatHours(hours, 'pl')).toBe('śr, cz 8:00–12:00, 13:00–16:00; sb 9:00–13:00');
  });

  it('gives "" for no fixed hours, and the opening text says so', () => {
    expect(formatHours(null, 'pl')).toBe('');
    expect(openingText(null, 'pl')).toBe('Otwarte cały czas');
    expect(openingText(weekdays('08:00', '16:00', [1, 2, 3, 4, 5]), 'pl')).toBe('Otwarte pn–pt 8:00–16:00');
    expect(openingText(weekdays('08:00', '24:00', [7]), 'en')).toBe('Open Sun 8:00–24:00');
  });

  it('says a category saved with no hours at all has none: it is never open, not always', () => {
    const texts = KIOSK_LANGUAGES.map((lang) => openingText([], lang));
    for (const [i, lang] of KIOSK_LANGUAGES.entries()) {
      expect(texts[i]).toBe(STRINGS[lang].noHours);
      expect(texts[i]).not.toBe(openingText(null, lang));
    }
    expect(new Set(texts).size).toBe(3);
    expect(formatHours([], 'pl')).toBe('');
  });
});

describe('formatWait', () => {
  it('says "shortly" for no wait, a bound, or a range', () => {
    expect(formatWait({ minMinutes: 0, maxMinutes: 0 }, 'pl')).toBe('obsłużymy Cię za chwilę');
    expect(formatWait({ minMinutes: 0, maxMinutes: 5 }, 'en')).toBe('up to 5 min');
    expect(formatWait({ minMinutes: 10, maxMinutes: 20 }, 'pl')).toBe('ok. 10–20 min');
    expect(formatWait({ minMinutes: 10, maxMinutes: 20 }, 'uk')).toBe('приблизно 10–20 хв');
  });
});

describe('spokenCode', () => {
  it('reads letters apart and the number without leading zeros', () => {
    expect(spokenCode('A017')).toBe('A 17');
    expect(spokenCode('RD100')).toBe('R D 100');
    expect(spokenCode('A000')).toBe('A 0');
    expect(spokenCode('x-1')).toBe('x - 1');
  });
});
