import { describe, expect, it } from 'vitest';
import { addDays, localTime, zonedInstant } from './office-time.ts';

describe('office time', () => {
  it('moves a day across months, years and leap days', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2027-01-01', -1)).toBe('2026-12-31');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('finds the instant of a Warsaw wall-clock time in winter and in summer', () => {
    expect(new Date(zonedInstant('2026-11-23', '09:00', 'Europe/Warsaw')).toISOString()).toBe(
      '2026-11-23T08:00:00.000Z',
    );
    expect(new Date(zonedInstant('2027-07-05', '09:00', 'Europe/Warsaw')).toISOString()).toBe(
      '2027-07-05T07:00:00.000Z',
    );
  });

  it('keeps the wall-clock time on the days the clocks change', () => {
    for (const day of ['2027-03-28', '2027-10-31']) {
      const t = localTime(zonedInstant(day, '12:00', 'Europe/Warsaw'), 'Europe/Warsaw');
      expect(t.date).toBe(day);
      expect(t.minutes).toBe(12 * 60);
    }
  });
});
