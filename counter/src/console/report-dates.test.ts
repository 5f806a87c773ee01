import { describe, expect, it } from 'vitest';
import { addDays, daysIn, isDay, officesReportUrl, presets, rangeErrors, reportUrl } from './report-dates.ts';

describe('report dates', () => {
  it('knows real calendar days', () => {
    expect(isDay('2026-11-21')).toBe(true);
    expect(isDay('2028-02-29')).toBe(true);
    expect(isDay('2026-02-29')).toBe(false);
    expect(isDay('2026-13-01')).toBe(false);
    expect(isDay('21.11.2026')).toBe(false);
    expect(isDay('')).toBe(false);
  });

  it('counts days with both ends included, across month and year ends', () => {
    expect(daysIn('2026-11-21', '2026-11-21')).toBe(1);
    expect(daysIn('2026-12-30', '2027-01-02')).toBe(4);
    expect(daysIn('2026-11-22', '2026-11-21')).toBe(0);
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    // The day clocks change in Poland is still one day.
    expect(daysIn('2026-10-24', '2026-10-26')).toBe(3);
  });

  it('offers this week from Monday, last week and the months around today', () => {
    // Saturday 21 November 2026.
    const byId = Object.fromEntries(presets('2026-11-21').map((p) => [p.id, p.range]));
    expect(byId.today).toEqual({ from: '2026-11-21', to: '2026-11-21' });
    expect(byId.yesterday).toEqual({ from: '2026-11-20', to: '2026-11-20' });
    expect(byId['this-week']).toEqual({ from: '2026-11-16', to: '2026-11-21' });
    expect(byId['last-week']).toEqual({ from: '2026-11-09', to: '2026-11-15' });
    expect(byId['this-month']).toEqual({ from: '2026-11-01', to: '2026-11-21' });
    expect(byId['last-month']).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    // On a Monday this week is one day; in January last month is December of the year before.
    const jan = Object.fromEntries(presets('2027-01-04').map((p) => [p.id, p.range]));
    expect(jan['this-week']).toEqual({ from: '2027-01-04', to: '2027-01-04' });
    expect(jan['last-month']).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });

  it('says what is wrong with a range next to the field concerned', () => {
    expect(rangeErrors({ from: '2026-11-01', to: '2026-11-21' })).toEqual({});
    expect(rangeErrors({ from: '', to: '2026-11-21' }).from).toBe('noFrom');
    expect(rangeErrors({ from: '2026-11-21', to: '2026-11-01' }).to).toBe('toBeforeFrom');
    expect(rangeErrors({ from: '2025-01-01', to: '2026-11-21' }).to).toBe('tooLong');
    expect(rangeErrors({ from: '2025-11-21', to: '2026-11-21' })).toEqual({});
  });

  it('asks the daily route for one day and the range route for more', () => {
    expect(reportUrl({ from: '2026-11-20', to: '2026-11-20' }, 'json', 'pl')).toBe(
      '/api/reports/daily?date=2026-11-20&format=json&lang=pl',
    );
    expect(reportUrl({ from: '2026-11-01', to: '2026-11-21' }, 'json', 'en')).toBe(
      '/api/reports/range?from=2026-11-01&to=2026-11-21&format=json&lang=en',
    );
  });

  it('asks for a file in the chosen language', () => {
    expect(reportUrl({ from: '2026-11-20', to: '2026-11-20' }, 'pdf', 'uk')).toBe(
      '/api/reports/daily?date=2026-11-20&format=pdf&lang=uk',
    );
    expect(reportUrl({ from: '2026-11-01', to: '2026-11-21' }, 'csv', 'en')).toBe(
      '/api/reports/range?from=2026-11-01&to=2026-11-21&format=csv&lang=en',
    );
    expect(reportUrl({ from: '2026-11-20', to: '2026-11-20' }, 'pdf', 'pl')).toBe(
      '/api/reports/daily?date=2026-11-20&format=pdf&lang=pl',
    );
  });

  it('names the office for the central administrator, and asks for every office side by side', () => {
    expect(reportUrl({ from: '2026-11-20', to: '2026-11-20' }, 'pdf', 'en', 'office-b')).toBe(
      '/api/reports/daily?date=2026-11-20&format=pdf&lang=en&officeId=office-b',
    );
    expect(reportUrl({ from: '2026-11-01', to: '2026-11-21' }, 'json', 'pl', 'office-b')).toBe(
      '/api/reports/range?from=2026-11-01&to=2026-11-21&format=json&lang=pl&officeId=office-b',
    );
    expect(officesReportUrl({ from: '2026-11-01', to: '2026-11-21' })).toBe(
      '/api/reports/offices?from=2026-11-01&to=2026-11-21',
    );
  });
});
