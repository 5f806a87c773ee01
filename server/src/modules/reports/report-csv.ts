/**
 * The report as CSV for a Polish Excel (docs/decisions/0008-report-csv-for-polish-excel.md):
 * UTF-8 with a byte-order mark, `;` between fields, CRLF line ends; the headings and the decimal
 * separator follow the language asked for (a comma in Polish and Ukrainian).
 */
import {
  bookingColumns,
  reportColumns,
  type Language,
  type MinuteStats,
  type Report,
  type ReportFigures,
} from '@numerek/shared';
import { surveyCsvRows } from '../survey/survey-report-files.ts';
import { isPauseReason, REPORT_WORDS, reportNumber, type ReportWords } from './report-words.ts';

const BOM = '\uFEFF';
const SEP = ';';
const EOL = '\r\n';

/** A number with a decimal comma; empty for null. */
export function plNumber(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '';
  return String(x).replace('.', ',');
}

/**
 * One field: quoted when it holds the separator, a quote or a line break; a leading `=`, `+`,
 * `-` or `@` in text is escaped with an apostrophe so Excel never runs a name as a formula.
 */
export function csvField(value: string | number | null): string {
  if (typeof value === 'number' || value === null) return plNumber(value);
  let s = value;
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const stats = (s: MinuteStats): Array<number | null> => [s.mean, s.median, s.p90, s.max];

/** The lines' headings: the console's columns, each figure of a wait in a column of its own. */
const lineHeader = (w: ReportWords): string[] => [w.section, w.name, ...reportColumns(w.terms, true)];

/** A line's row: `label` names it (the office total in the file's language). */
function lineRow(section: string, l: ReportFigures & { label: string }): Array<string | number | null> {
  return [
    section,
    l.label,
    l.issued,
    l.served,
    l.noShow,
    l.transferred,
    l.cancelled,
    ...stats(l.wait),
    ...stats(l.service),
    l.priorityShare === null ? null : Math.round(l.priorityShare * 1000) / 10,
    l.priorityWait.mean,
    l.regularWait.mean,
    l.overMaxWait,
  ];
}

/** The bookings per day and category, with the minutes from slot to call; nothing without bookings. */
function bookingRows(report: Report, w: ReportWords): Array<Array<string | number | null>> {
  if (report.bookings.length === 0) return [];
  return [
    [],
    [w.bookings],
    bookingColumns(w.terms, true),
    ...report.bookings.map((b) => [b.day, b.label, b.booked, b.checkedIn, b.noShow, ...stats(b.slotToCall)]),
  ];
}

/** The whole report as one CSV file in `lang` (a string; the route sends it as UTF-8). */
export function reportCsv(report: Report, lang: Language = 'pl'): string {
  const w = REPORT_WORDS[lang];
  const terms = w.terms;
  const pause = (reason: string): string => (isPauseReason(reason) ? terms.pauseReasons[reason] : reason);
  const rows: Array<Array<string | number | null>> = [
    [w.office, report.office.name],
    [w.from, report.from],
    [w.to, report.to],
    [],
    lineHeader(w),
    lineRow(w.total, { ...report.total, label: w.total }),
    ...report.byCategory.map((l) => lineRow(terms.category, l)),
    ...report.byCounter.map((l) => lineRow(terms.counter, l)),
    ...report.byClerk.map((l) => lineRow(terms.clerk, l)),
    [],
    [w.hour, w.ticketsIssued],
    ...report.arrivalsPerHour.map((n, h) => [`${String(h).padStart(2, '0')}:00`, n]),
    [],
    [terms.pauses, w.pauseReason, w.minutes],
    ...Object.entries(report.pauseMinutes).map(([reason, m]) => [w.total, pause(reason), m]),
    ...report.byClerk.flatMap((l) =>
      Object.entries(l.pauseMinutes).map(([reason, m]) => [l.label, pause(reason), m]),
    ),
    ...bookingRows(report, w),
    ...(report.survey ? surveyCsvRows(report.survey, lang, w) : []),
  ];
  const field = (v: string | number | null): string =>
    typeof v === 'number' || v === null ? reportNumber(v, w) : csvField(v);
  return BOM + rows.map((r) => r.map(field).join(SEP)).join(EOL) + EOL;
}
