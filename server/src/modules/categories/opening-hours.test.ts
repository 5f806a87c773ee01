import { describe, expect, it } from 'vitest';
import { localTime } from '../../lib/office-time.ts';
import { describeNextOpening, openState } from './opening-hours.ts';

const WEEKDAYS = [1, 2, 3, 4, 5].map((day) => ({ day, open: '08:00', close: '16:00' }));
const at = (iso: string) => localTime(Date.parse(iso), 'Europe/Warsaw');

describe('opening hours', () => {
  it('null hours are always open', () => {
    expect(openState(null, at('2026-11-21T23:00:00Z'))).toEqual({
      open: true,
      closesInMinutes: null,
      closesAt: null,
    });
  });

  it('open inside an interval, with minutes to closing in office time', () => {
    // 2026-11-23 is a Monday; 13:30 UTC is 14:30 in Warsaw (CET).
    expect(openState(WEEKDAYS, at('2026-11-23T13:30:00Z'))).toEqual({
      open: true,
      closesInMinutes: 90,
      closesAt: '16:00',
    });
  });

  it('closed at the closing minute, with the next opening named', () => {
    const s = openState(WEEKDAYS, at('2026-11-23T15:00:00Z'));
    expect(s).toEqual({ open: false, next: { day: 2, at: '08:00' } });
    expect(describeNextOpening(s)).toBe('opens Tuesday at 08:00');
  });

  it('on Saturday the next opening is Monday', () => {
    expect(openState(WEEKDAYS, at('2026-11-21T10:00:00Z'))).toEqual({
      open: false,
      next: { day: 1, at: '08:00' },
    });
  });

  it('before opening on the same day', () => {
    expect(openState(WEEKDAYS, at('2026-11-23T06:00:00Z'))).toEqual({
      open: false,
      next: { day: 1, at: '08:00' },
    });
  });

  it('joins adjacent intervals and treats 7 × 00:00–24:00 as always open', () => {
    const split = [
      { day: 1, open: '08:00', close: '12:00' },
      { day: 1, open: '12:00', close: '17:00' },
    ];
    expect(openState(split, at('2026-11-23T10:00:00Z'))).toMatchObject({ open: true, closesAt: '17:00' });
    const all = [1, 2, 3, 4, 5, 6, 7].map((day) => ({ day, open: '00:00', close: '24:00' }));
    expect(openState(all, at('2026-11-21T22:59:00Z'))).toMatchObject({ open: true, closesAt: null });
  });

  it('empty hours are never open', () => {
    expect(describeNextOpening(openState([], at('2026-11-23T10:00:00Z')))).toBe('has no opening hours set');
  });
});
