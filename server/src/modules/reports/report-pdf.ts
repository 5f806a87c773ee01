/**
 * The report as a PDF: the office's name, tables, a bar chart of arrivals per hour, page numbers.
 * DejaVu Sans is embedded because PDF's standard fonts cannot write ą, ę, ł (nor Ukrainian).
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import { minutesHeading, type Language, type Report, type ReportFigures } from '@numerek/shared';
import { surveyPdf } from '../survey/survey-report-files.ts';
import { isPauseReason, REPORT_WORDS, type ReportWords } from './report-words.ts';

/** A table's line: `label` names it (the office total in the document's language). */
type NamedFigures = ReportFigures & { label: string };

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MARGIN = 40;
function num(x: number | null, w: ReportWords): string {
  return x === null ? '–' : String(x).replace('.', w.decimal);
}

interface Column {
  title: string;
  width: number;
  value: (l: NamedFigures) => string;
}

const columns = (w: ReportWords): Column[] => [
  { title: w.name, width: 170, value: (l) => l.label },
  { title: w.short.issued, width: 36, value: (l) => String(l.issued) },
  { title: w.short.served, width: 36, value: (l) => String(l.served) },
  { title: w.short.noShow, width: 38, value: (l) => String(l.noShow) },
  { title: w.short.transferred, width: 38, value: (l) => String(l.transferred) },
  { title: w.short.cancelled, width: 34, value: (l) => String(l.cancelled) },
  { title: w.short.waitMean, width: 46, value: (l) => num(l.wait.mean, w) },
  { title: w.short.median, width: 36, value: (l) => num(l.wait.median, w) },
  { title: 'p90', width: 36, value: (l) => num(l.wait.p90, w) },
  { title: w.short.max, width: 38, value: (l) => num(l.wait.max, w) },
  { title: w.short.serviceMean, width: 46, value: (l) => num(l.service.mean, w) },
  {
    title: w.short.priority,
    width: 40,
    value: (l) => (l.priorityShare === null ? '–' : `${Math.round(l.priorityShare * 100)}%`),
  },
  { title: w.short.overMax, width: 50, value: (l) => String(l.overMaxWait) },
];

/** Renders the report; resolves with the PDF bytes. */
export function reportPdf(report: Report, lang: Language = 'pl'): Promise<Buffer> {
  const w = REPORT_WORDS[lang];
  const COLUMNS = columns(w);
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: w.title(report.from, report.to), Creator: 'Numerek' },
    lang,
  });
  doc.registerFont('body', FONT);
  doc.registerFont('bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const bottom = (): number => doc.page.height - MARGIN - 20;
  const ensure = (height: number): void => {
    if (doc.y + height > bottom()) doc.addPage();
  };

  doc.font('bold').fontSize(16).text(report.office.name);
  const period =
    report.from === report.to ? w.dailyReport(report.from) : w.rangeReport(report.from, report.to);
  doc.font('body').fontSize(11).text(period);
  doc.fontSize(8).fillColor('#555').text(w.generated(report.generatedAt));
  if (report.aggregatedDays.length > 0) {
    doc.text(w.aggregatedDays(report.aggregatedDays.length));
  }
  doc.fillColor('black').moveDown();

  /** One row of a table: cells in columns of `widths`, the first `left` aligned left, a rule below. */
  const tableRow = (
    cells: string[],
    widths: readonly number[],
    fallback: number,
    left: number,
    bold: boolean,
  ): void => {
    ensure(14);
    const y = doc.y;
    let x = MARGIN;
    doc.font(bold ? 'bold' : 'body').fontSize(8);
    cells.forEach((cell, i) => {
      const width = widths[i] ?? fallback;
      doc.text(cell, x + 2, y + 2, {
        width: width - 4,
        lineBreak: false,
        ellipsis: true,
        align: i < left ? 'left' : 'right',
      });
      x += width;
    });
    doc
      .moveTo(MARGIN, y + 13)
      .lineTo(x, y + 13)
      .lineWidth(0.3)
      .strokeColor('#999')
      .stroke();
    doc.y = y + 14;
  };

  const table = (title: string, lines: readonly NamedFigures[]): void => {
    ensure(40);
    doc.font('bold').fontSize(11).text(title, MARGIN, doc.y);
    doc.moveDown(0.3);
    const row = (cells: string[], bold: boolean): void =>
      tableRow(
        cells,
        COLUMNS.map((c) => c.width),
        40,
        1,
        bold,
      );
    row(
      COLUMNS.map((c) => c.title),
      true,
    );
    for (const l of lines)
      row(
        COLUMNS.map((c) => c.value(l)),
        false,
      );
    doc.x = MARGIN;
    doc.moveDown();
  };

  table(w.total, [{ ...report.total, label: w.total }]);
  table(w.terms.byCategory, report.byCategory);
  table(w.terms.byCounter, report.byCounter);
  table(w.terms.byClerk, report.byClerk);

  // Priority versus regular waits.
  ensure(60);
  doc.font('bold').fontSize(11).text(w.priorityVsRegular, MARGIN, doc.y);
  doc.font('body').fontSize(9);
  const t = report.total;
  doc.text(
    w.waits({
      priority: w.people(t.priorityWait.count, num(t.priorityWait.mean, w), num(t.priorityWait.p90, w)),
      regular: w.people(t.regularWait.count, num(t.regularWait.mean, w), num(t.regularWait.p90, w)),
    }),
  );
  doc.moveDown();

  // Arrivals per hour: bars.
  const chartHeight = 120;
  ensure(chartHeight + 50);
  doc.font('bold').fontSize(11).text(w.arrivalsByHour, MARGIN, doc.y);
  const top = doc.y + 6;
  const max = Math.max(1, ...report.arrivalsPerHour);
  const barWidth = 22;
  report.arrivalsPerHour.forEach((n, h) => {
    const x = MARGIN + h * (barWidth + 6);
    const height = (n / max) * chartHeight;
    if (height > 0)
      doc
        .rect(x, top + chartHeight - height, barWidth, height)
        .fillColor('#2b6cb0')
        .fill();
    doc.fillColor('black').font('body').fontSize(7);
    if (n > 0) doc.text(String(n), x, top + chartHeight - height - 9, { width: barWidth, align: 'center' });
    doc.text(String(h).padStart(2, '0'), x, top + chartHeight + 2, { width: barWidth, align: 'center' });
  });
  doc
    .moveTo(MARGIN, top + chartHeight)
    .lineTo(MARGIN + 24 * (barWidth + 6), top + chartHeight)
    .strokeColor('black')
    .stroke();
  doc.x = MARGIN;
  doc.y = top + chartHeight + 20;

  // Pauses by reason.
  ensure(40 + 12 * report.byClerk.length);
  doc.font('bold').fontSize(11).text(w.clerkPauses, MARGIN, doc.y);
  doc.font('body').fontSize(9);
  const reasons = Object.keys(report.pauseMinutes);
  const fmt = (m: Record<string, number>): string =>
    reasons.map((r) => `${isPauseReason(r) ? w.terms.pauseReasons[r] : r} ${num(m[r] ?? 0, w)}`).join(', ');
  doc.text(`${w.total}: ${fmt(report.pauseMinutes)}`);
  for (const c of report.byClerk) doc.text(`${c.label}: ${fmt(c.pauseMinutes)}`);
  doc.moveDown();

  // Bookings per day and category.
  if (report.bookings.length > 0) {
    ensure(40);
    doc.font('bold').fontSize(11).text(w.bookings, MARGIN, doc.y);
    doc.moveDown(0.3);
    const widths = [70, 200, 70, 90, 70, 60, 60, 60];
    const row = (cells: string[], bold: boolean): void => tableRow(cells, widths, 60, 2, bold);
    const terms = w.terms;
    row(
      [
        terms.day,
        terms.category,
        terms.booked,
        terms.checkedIn,
        w.short.noShow,
        terms.mean,
        terms.median,
        terms.p90,
      ],
      true,
    );
    for (const b of report.bookings)
      row(
        [
          b.day,
          b.label,
          String(b.booked),
          String(b.checkedIn),
          String(b.noShow),
          num(b.slotToCall.mean, w),
          num(b.slotToCall.median, w),
          num(b.slotToCall.p90, w),
        ],
        false,
      );
    doc
      .font('body')
      .fontSize(8)
      .fillColor('#555')
      .text(
        minutesHeading(terms, terms.slotToCall, [terms.mean, terms.median, terms.p90]),
        MARGIN,
        doc.y + 2,
      );
    doc.fillColor('black');
    doc.x = MARGIN;
    doc.moveDown();
  }

  // The visit survey.
  if (report.survey) surveyPdf(doc, report.survey, lang, w, { margin: MARGIN, ensure });

  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would otherwise start a new page.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, bottom: 0 };
    doc.font('body').fontSize(8).fillColor('#555');
    doc.text(`${report.office.name} · ${w.page(i + 1, range.count)}`, MARGIN, doc.page.height - MARGIN - 10, {
      width: doc.page.width - 2 * MARGIN,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins = margins;
  }
  doc.end();
  return done;
}
