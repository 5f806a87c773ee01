import { describe, expect, it } from 'vitest';
import { officeTime } from './office-time.ts';

// 20:07:50 UTC on a winter day: 21:07:50 in Warsaw, 15:07:50 in New York.
const AT = '2026-12-05T20:07:50.000Z';

describe('officeTime', () => {
  it('writes the moment on the office clock, whatever the computer is set to', () => {
    expect(officeTime('pl', AT, 'Europe/Warsaw', 'time')).toBe('21:07');
    expect(officeTime('pl', AT, 'Europe/Warsaw', 'timeWithSeconds')).toBe('21:07:50');
    expect(officeTime('pl', AT, 'Europe/Warsaw')).toBe('05.12, 21:07:50');
    expect(officeTime('pl', Date.parse(AT), 'America/New_York', 'time')).toBe('15:07');
    expect(officeTime('en', new Date(AT), 'Europe/Warsaw', 'timeWithSeconds')).toBe('09:07:50 PM');
  });

  it('crosses midnight with the office, not with UTC', () => {
    expect(officeTime('pl', '2026-12-05T23:30:00.000Z', 'Europe/Warsaw')).toBe('06.12, 00:30:00');
    expect(officeTime('uk', '2026-07-05T22:30:00.000Z', 'Europe/Kyiv', 'longDateTime')).toContain(
      '6 липня 2026',
    );
  });

  it('falls back to the reader clock for an unknown zone and shows an unreadable value as given', () => {
    const own = new Date(AT).toLocaleTimeString('pl', { hour: '2-digit', minute: '2-digit' });
    expect(officeTime('pl', AT, 'Mars/Olympus', 'time')).toBe(own);
    expect(officeTime('pl', 'not a time', 'Europe/Warsaw')).toBe('not a time');
  });
});
