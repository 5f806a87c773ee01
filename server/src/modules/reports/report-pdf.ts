/**
 * The report as a PDF: the office's name, tables, a bar chart of arrivals per hour, page numbers.
 * DejaVu Sans is embedded because PDF's standard fonts cannot write ą, ę, ł (nor Ukrainian).
 */
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Report, ReportLine } from '@numerek/shared';

const require = createRequire(import.meta.url);
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MARGIN = 40;
const PAUSE_LABEL: Record<string, string> = {
  break: 'przerwa',
  back_office: 'zaplecze',
  end_of_day: 'koniec dnia',
};

function num(x: number | null): string {
  return x === null ? '–' : String(x).replace('.', ',');
}

interface Column {
  title: string;
  width: number;
  value: (l: ReportLine) => string;
}

const COLUMNS: Column[] = [
  { title: 'Nazwa', width: 170, value: (l) => l.label },
  { title: 'Wyd.', width: 36, value: (l) => String(l.issued) },
  { title: 'Obsł.', width: 36, value: (l) => String(l.served) },
  { title: 'Nieob.', width: 38, value: (l) => String(l.noShow) },
  { title: 'Przek.', width: 38, value: (l) => String(l.transferred) },
  { title: 'Anul.', width: 34, value: (l) => String(l.cancelled) },
  { title: 'Ocz. śr.', width: 46, value: (l) => num(l.wait.mean) },
  { title: 'Med.', width: 36, value: (l) => num(l.wait.median) },
  { title: 'p90', width: 36, value: (l) => num(l.wait.p90) },
  { title: 'Maks.', width: 38, value: (l) => num(l.wait.max) },
  { title: 'Obsł. śr.', width: 46, value: (l) => num(l.service.mean) },
  {
    title: 'Prior.',
    width: 40,
    value: (l) => (l.priorityShare === null ? '–' : `${Math.round(l.priorityShare * 100)}%`),
  },
  { title: '> maks.', width: 50, value: (l) => String(l.overMaxWait) },
];

/** Renders the report; resolves with the PDF bytes. */
export function reportPdf(report: Report): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    bufferPages: true,
    info: { Title: `Raport Numerek ${report.from} – ${report.to}`, Creator: 'Numerek' },
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
    report.from === report.to ? `Raport dzienny: ${report.from}` : `Raport: ${report.from} – ${report.to}`;
  doc.font('body').fontSize(11).text(period);
  doc.fontSize(8).fillColor('#555').text(`Wygenerowano ${report.generatedAt}. Czasy w minutach.`);
  if (report.aggregatedDays.length > 0) {
    doc.text(
      `Dni z zestawień zbiorczych (dane biletów usunięte po okresie przechowywania): ${report.aggregatedDays.length}`,
    );
  }
  doc.fillColor('black').moveDown();

  const table = (title: string, lines: readonly ReportLine[]): void => {
    ensure(40);
    doc.font('bold').fontSize(11).text(title, MARGIN, doc.y);
    doc.moveDown(0.3);
    const row = (cells: string[], bold: boolean): void => {
      ensure(14);
      const y = doc.y;
      let x = MARGIN;
      doc.font(bold ? 'bold' : 'body').fontSize(8);
      cells.forEach((cell, i) => {
        const w = COLUMNS[i]?.width ?? 40;
        doc.text(cell, x + 2, y + 2, {
          width: w - 4,
          lineBreak: false,
          ellipsis: true,
          align: i === 0 ? 'left' : 'right',
        });
        x += w;
      });
      doc
        .moveTo(MARGIN, y + 13)
        .lineTo(x, y + 13)
        .lineWidth(0.3)
        .strokeColor('#999')
        .stroke();
      doc.y = y + 14;
    };
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

  table('Razem', [report.total]);
  table('Według spraw', report.byCategory);
  table('Według stanowisk', report.byCounter);
  table('Według urzędników', report.byClerk);

  // Priority versus regular waits.
  ensure(60);
  doc.font('bold').fontSize(11).text('Oczekiwanie: priorytetowi i pozostali', MARGIN, doc.y);
  doc.font('body').fontSize(9);
  const t = report.total;
  doc.text(
    `Priorytetowi: ${t.priorityWait.count} osób, średnio ${num(t.priorityWait.mean)} min, p90 ${num(t.priorityWait.p90)} min. ` +
      `Pozostali: ${t.regularWait.count} osób, średnio ${num(t.regularWait.mean)} min, p90 ${num(t.regularWait.p90)} min.`,
  );
  doc.moveDown();

  // Arrivals per hour: bars.
  const chartHeight = 120;
  ensure(chartHeight + 50);
  doc.font('bold').fontSize(11).text('Wydane bilety według godzin', MARGIN, doc.y);
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
  doc.font('bold').fontSize(11).text('Przerwy urzędników [min]', MARGIN, doc.y);
  doc.font('body').fontSize(9);
  const reasons = Object.keys(report.pauseMinutes);
  const fmt = (m: Record<string, number>): string =>
    reasons.map((r) => `${PAUSE_LABEL[r] ?? r} ${num(m[r] ?? 0)}`).join(', ');
  doc.text(`Razem: ${fmt(report.pauseMinutes)}`);
  for (const c of report.byClerk) doc.text(`${c.label}: ${fmt(c.pauseMinutes)}`);

  // Page numbers, once every page exists.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing inside the bottom margin would otherwise start a new page.
    const margins = doc.page.margins;
    doc.page.margins = { ...margins, bottom: 0 };
    doc.font('body').fontSize(8).fillColor('#555');
    doc.text(
      `${report.office.name} · strona ${i + 1} z ${range.count}`,
      MARGIN,
      doc.page.height - MARGIN - 10,
      {
        width: doc.page.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      },
    );
    doc.page.margins = margins;
  }
  doc.end();
  return done;
}
