/**
 * The report as CSV for a Polish Excel (docs/decisions/0008-report-csv-for-polish-excel.md):
 * UTF-8 with a byte-order mark, `;` between fields, a decimal comma, CRLF line ends.
 */
import type { MinuteStats, Report, ReportLine } from '@numerek/shared';

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

const STAT_COLUMNS = (name: string): string[] => [
  `${name} śr. [min]`,
  `${name} mediana [min]`,
  `${name} p90 [min]`,
  `${name} maks. [min]`,
];
const stats = (s: MinuteStats): Array<number | null> => [s.mean, s.median, s.p90, s.max];

const LINE_HEADER = [
  'Zestawienie',
  'Nazwa',
  'Wydane',
  'Obsłużone',
  'Nieobecni',
  'Przekazane',
  'Anulowane',
  ...STAT_COLUMNS('Oczekiwanie'),
  ...STAT_COLUMNS('Obsługa'),
  'Udział priorytetowych [%]',
  'Oczekiwanie priorytetowych śr. [min]',
  'Oczekiwanie zwykłych śr. [min]',
  'Ponad maks. oczekiwanie',
];

function lineRow(section: string, l: ReportLine): Array<string | number | null> {
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

/** The whole report as one CSV file (a string; the route sends it as UTF-8). */
export function reportCsv(report: Report): string {
  const rows: Array<Array<string | number | null>> = [
    ['Urząd', report.office.name],
    ['Od', report.from],
    ['Do', report.to],
    [],
    LINE_HEADER,
    lineRow('Razem', report.total),
    ...report.byCategory.map((l) => lineRow('Sprawa', l)),
    ...report.byCounter.map((l) => lineRow('Stanowisko', l)),
    ...report.byClerk.map((l) => lineRow('Urzędnik', l)),
    [],
    ['Godzina', 'Wydane bilety'],
    ...report.arrivalsPerHour.map((n, h) => [`${String(h).padStart(2, '0')}:00`, n]),
    [],
    ['Przerwy', 'Powód', 'Minuty'],
    ...Object.entries(report.pauseMinutes).map(([reason, m]) => ['Razem', reason, m]),
    ...report.byClerk.flatMap((l) =>
      Object.entries(l.pauseMinutes).map(([reason, m]) => [l.label, reason, m]),
    ),
  ];
  return BOM + rows.map((r) => r.map(csvField).join(SEP)).join(EOL) + EOL;
}
