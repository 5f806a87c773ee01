import { describe, expect, it } from 'vitest';
import { followSignedIn, officeToday, setOfficeTimeZone } from './office-day.ts';

describe('the office’s today', () => {
  // 23:30 UTC on 1 March: already 2 March in Warsaw, still 1 March in New York.
  const lateEvening = new Date('2026-03-01T23:30:00Z');

  it('is the date in the office’s time zone, whatever the computer’s', () => {
    expect(officeToday(lateEvening, 'Europe/Warsaw')).toBe('2026-03-02');
    expect(officeToday(lateEvening, 'America/New_York')).toBe('2026-03-01');
    expect(officeToday(new Date('2026-07-01T22:30:00Z'), 'Europe/Warsaw')).toBe('2026-07-02');
    expect(officeToday(new Date('2026-07-01T21:30:00Z'), 'Europe/Warsaw')).toBe('2026-07-01');
  });

  it('follows the signed-in user’s office, and the computer’s day without one or with a zone it does not know', () => {
    setOfficeTimeZone('Europe/Warsaw');
    expect(officeToday(lateEvening)).toBe('2026-03-02');
    setOfficeTimeZone(null);
    expect(officeToday(lateEvening)).toBe(lateEvening.toLocaleDateString('sv-SE'));
    expect(officeToday(lateEvening, 'Mars/Olympus_Mons')).toBe(lateEvening.toLocaleDateString('sv-SE'));
  });

  it('follows whoever signs in next on the same page: a central administrator after an office’s user counts the computer’s days', () => {
    followSignedIn({ officeTimeZone: 'Europe/Warsaw' });
    expect(officeToday(lateEvening)).toBe('2026-03-02');
    followSignedIn({ officeTimeZone: null });
    expect(officeToday(lateEvening)).toBe(lateEvening.toLocaleDateString('sv-SE'));
    followSignedIn({ officeTimeZone: 'America/New_York' });
    expect(officeToday(lateEvening)).toBe('2026-03-01');
    followSignedIn(null);
    expect(officeToday(lateEvening)).toBe(lateEvening.toLocaleDateString('sv-SE'));
  });
});
