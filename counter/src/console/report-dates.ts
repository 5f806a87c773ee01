import type { Language } from '@numerek/shared';

/** Calendar days as `YYYY-MM-DD`, the form the report routes take. Pure, so it is tested alone. */
export type Day = string;

/** The longest range the server reports at once (both ends included). */
export const MAX_RANGE_DAYS = 366;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `s` is a real calendar day (2026-02-30 is not). */
export function isDay(s: string): boolean {
  const m = DAY.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return toDay(d) === s;
}

function toDay(d: Date): Day {
  return d.toISOString().slice(0, 10);
}

function parse(day: Day): Date {
  return new Date(`${day}T00:00:00Z`);
}

export function addDays(day: Day, n: number): Day {
  const d = parse(day);
  d.setUTCDate(d.getUTCDate() + n);
  return toDay(d);
}

/** Days from `from` to `to`, both included (0 when `to` is before `from`). */
export function daysIn(from: Day, to: Day): number {
  return Math.max(0, Math.round((parse(to).getTime() - parse(from).getTime()) / 86_400_000) + 1);
}

export interface DayRange {
  from: Day;
  to: Day;
}

export type PresetId = 'today' | 'yesterday' | 'this-week' | 'last-week' | 'this-month' | 'last-month';

/** The ranges a supervisor asks for most, relative to today (weeks start on Monday). */
export function presets(today: Day): Array<{ id: PresetId; range: DayRange }> {
  const weekday = (parse(today).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const monday = addDays(today, -weekday);
  const firstOfMonth = `${today.slice(0, 8)}01`;
  const lastOfPrevious = addDays(firstOfMonth, -1);
  return [
    { id: 'today', range: { from: today, to: today } },
    { id: 'yesterday', range: { from: addDays(today, -1), to: addDays(today, -1) } },
    { id: 'this-week', range: { from: monday, to: today } },
    {
      id: 'last-week',
      range: { from: addDays(monday, -7), to: addDays(monday, -1) },
    },
    { id: 'this-month', range: { from: firstOfMonth, to: today } },
    {
      id: 'last-month',
      range: { from: `${lastOfPrevious.slice(0, 8)}01`, to: lastOfPrevious },
    },
  ];
}

/** What can be wrong with a range; the console words each case (`tooLong` with `MAX_RANGE_DAYS`). */
export type RangeError = 'noFrom' | 'noTo' | 'toBeforeFrom' | 'tooLong';

/** What is wrong with a range, per field, so the words appear next to the field concerned; empty when fine. */
export function rangeErrors(range: DayRange): Partial<Record<keyof DayRange, RangeError>> {
  const errors: Partial<Record<keyof DayRange, RangeError>> = {};
  if (!isDay(range.from)) errors.from = 'noFrom';
  if (!isDay(range.to)) errors.to = 'noTo';
  if (errors.from || errors.to) return errors;
  if (range.to < range.from) errors.to = 'toBeforeFrom';
  else if (daysIn(range.from, range.to) > MAX_RANGE_DAYS) errors.to = 'tooLong';
  return errors;
}

export type ReportFormat = 'json' | 'csv' | 'pdf';

/**
 * The report's address: the daily route for one day, the range route otherwise, in `lang`: the
 * language of a file's headings (PDF, CSV) and of the category names in any format. The central administrator names the
 * office (`officeId`); an office's staff get their own.
 */
export function reportUrl(range: DayRange, format: ReportFormat, lang: Language, officeId?: string): string {
  const url =
    range.from === range.to
      ? `/api/reports/daily?date=${range.from}&format=${format}`
      : `/api/reports/range?from=${range.from}&to=${range.to}&format=${format}`;
  const office = officeId ? `&officeId=${encodeURIComponent(officeId)}` : '';
  return `${url}&lang=${lang}${office}`;
}

/** The address of the report across offices (central administrator). */
export function officesReportUrl(range: DayRange): string {
  return `/api/reports/offices?from=${range.from}&to=${range.to}`;
}
