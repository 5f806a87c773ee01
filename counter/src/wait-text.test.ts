import { LANGUAGES } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { STRINGS } from './i18n.ts';
import { calledWait, listWait } from './wait-text.ts';

describe('a wait as the panel shows it', () => {
  it('says when an early booked client’s booking is for, instead of a wait, in every language', () => {
    const early = { waitedMinutes: 0, bookedFor: '21:30', beforeSlot: true };
    expect(listWait(STRINGS.pl, early)).toBe('rezerwacja na 21:30');
    expect(listWait(STRINGS.en, early)).toBe('booked for 21:30');
    expect(listWait(STRINGS.uk, early)).toBe('запис на 21:30');
  });

  it('counts a booked client’s wait from the slot once it has begun, in whole minutes', () => {
    expect(listWait(STRINGS.pl, { waitedMinutes: 4.6, bookedFor: '21:30' })).toBe('5 min');
    expect(listWait(STRINGS.uk, { waitedMinutes: 12.2 })).toBe('12 хв');
  });

  it('never shows a negative wait', () => {
    for (const lang of LANGUAGES) {
      expect(listWait(STRINGS[lang], { waitedMinutes: -8 })).not.toContain('-');
      expect(calledWait(STRINGS[lang], -8)).not.toContain('-');
    }
  });

  it('gives a called ticket’s wait with one decimal, as its call’s explanation does', () => {
    expect(calledWait(STRINGS.pl, 2.9)).toBe('2,9 min');
    expect(calledWait(STRINGS.en, 2.9)).toBe('2.9 min');
    expect(calledWait(STRINGS.en, 3)).toBe('3 min');
  });
});
