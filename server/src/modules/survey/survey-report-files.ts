/**
 * The survey's part of the downloaded reports: rows of the CSV, and tables of the PDF, in the
 * report's language. Names the office typed are written as they are; days, hours, bands and
 * transfers are named by the words of survey-words.ts.
 */
import {
  SURVEY_REASONS,
  SURVEY_SCORES,
  type Language,
  type SurveyFigures,
  type SurveyLine,
  type SurveyReport,
  type SurveyTransferBand,
} from '@numerek/shared';
import type { ReportWords } from '../reports/report-words.ts';
import { SURVEY_WORDS, type SurveyWords } from './survey-words.ts';

type Cell = string | number | null;

/** Every table of the survey: its title and first column, and its lines named in the language. */
function sections(
  s: SurveyReport,
  w: SurveyWords,
  r: ReportWords,
): Array<{ title: string; first: string; lines: Array<SurveyFigures & { label: string }> }> {
  const named = (lines: readonly SurveyLine[], name: (l: SurveyLine) => string) =>
    lines.map((l) => ({ ...l, label: name(l) }));
  const out = [
    { title: w.title, first: r.section, lines: [{ ...s.total, label: r.total }] },
    { title: r.terms.byCategory, first: r.terms.category, lines: named(s.byCategory, (l) => l.label) },
    { title: r.terms.byCounter, first: r.terms.counter, lines: named(s.byCounter, (l) => l.label) },
    { title: w.byDay, first: w.day, lines: named(s.byDay, (l) => l.id) },
    { title: w.byHour, first: w.hour, lines: named(s.byHour, (l) => l.label) },
    { title: w.byWait, first: w.wait, lines: named(s.byWait, (l) => w.waitBand(l.id)) },
    {
      title: w.byTransfers,
      first: w.transfers,
      lines: named(s.byTransfers, (l) => w.transferBands[l.id as SurveyTransferBand] ?? l.id),
    },
  ];
  if (s.byClerk)
    out.push({ title: r.terms.byClerk, first: r.terms.clerk, lines: named(s.byClerk, (l) => l.label) });
  return out;
}

/** Sentences under the tables: the survey off, per-clerk lines off, clerks left out. */
function notes(s: SurveyReport, w: SurveyWords): string[] {
  return [
    ...(s.settings.enabled ? [] : [w.surveyOff]),
    s.byClerk === null
      ? w.perClerkOff
      : s.clerksBelowMinimum > 0
        ? w.clerksBelow(s.clerksBelowMinimum, s.minAnswersPerClerk)
        : '',
  ].filter(Boolean);
}

const percent = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 10);

/** The survey's rows of the CSV, after a blank row. */
export function surveyCsvRows(s: SurveyReport, lang: Language, r: ReportWords): Cell[][] {
  const w = SURVEY_WORDS[lang];
  const header: Cell[] = [
    r.section,
    r.name,
    w.answers,
    w.served,
    w.responseRate,
    w.mean,
    ...SURVEY_SCORES.map((n) => w.score(n)),
    ...SURVEY_REASONS.map((reason) => w.reasons[reason]),
  ];
  const row = (section: string, l: SurveyFigures & { label: string }): Cell[] => [
    section,
    l.label,
    l.answers,
    l.served,
    percent(l.responseRate),
    l.mean,
    ...l.distribution,
    ...SURVEY_REASONS.map((reason) => l.reasons[reason]),
  ];
  return [
    [],
    [w.title],
    header,
    ...sections(s, w, r).flatMap((sec) => sec.lines.map((l) => row(sec.first, l))),
    [],
    [w.byChannel, w.answers],
    [w.channels.tablet, s.byChannel.tablet],
    [w.channels.phone, s.byChannel.phone],
    ...notes(s, w).map((n) => [n]),
  ];
}

interface Column {
  title: string;
  width: number;
  value: (l: SurveyFigures & { label: string }) => string;
}

/** Draws the survey's tables on the report's PDF, from where the document stands. */
export function surveyPdf(
  doc: PDFKit.PDFDocument,
  s: SurveyReport,
  lang: Language,
  r: ReportWords,
  layout: { margin: number; ensure: (height: number) => void },
): void {
  const w = SURVEY_WORDS[lang];
  const num = (x: number | null): string => (x === null ? '–' : String(x).replace('.', r.decimal));
  const columns: Column[] = [
    { title: r.name, width: 170, value: (l) => l.label },
    { title: w.short.answers, width: 40, value: (l) => String(l.answers) },
    { title: w.short.served, width: 40, value: (l) => num(l.served) },
    {
      title: w.short.rate,
      width: 46,
      value: (l) => (l.responseRate === null ? '–' : `${Math.round(l.responseRate * 100)}%`),
    },
    { title: w.short.mean, width: 46, value: (l) => num(l.mean) },
    ...SURVEY_SCORES.map((n, i) => ({
      title: String(n),
      width: 28,
      value: (l: SurveyFigures) => String(l.distribution[i] ?? 0),
    })),
    ...SURVEY_REASONS.map((reason) => ({
      title: w.reasons[reason],
      width: 62,
      value: (l: SurveyFigures) => String(l.reasons[reason]),
    })),
  ];
  const { margin, ensure } = layout;
  const row = (cells: string[], bold: boolean): void => {
    ensure(14);
    const y = doc.y;
    let x = margin;
    doc.font(bold ? 'bold' : 'body').fontSize(8);
    cells.forEach((cell, i) => {
      const width = columns[i]?.width ?? 40;
      doc.text(cell, x + 2, y + 2, {
        width: width - 4,
        lineBreak: false,
        ellipsis: true,
        align: i === 0 ? 'left' : 'right',
      });
      x += width;
    });
    doc
      .moveTo(margin, y + 13)
      .lineTo(x, y + 13)
      .lineWidth(0.3)
      .strokeColor('#999')
      .stroke();
    doc.y = y + 14;
  };
  for (const section of sections(s, w, r)) {
    ensure(40);
    doc.font('bold').fontSize(11).fillColor('black').text(section.title, margin, doc.y);
    doc.moveDown(0.3);
    row(
      columns.map((c) => c.title),
      true,
    );
    for (const line of section.lines)
      row(
        columns.map((c) => c.value(line)),
        false,
      );
    doc.x = margin;
    doc.moveDown();
  }
  ensure(40);
  doc.font('body').fontSize(9).fillColor('black');
  doc.text(
    `${w.byChannel}: ${w.channels.tablet} ${s.byChannel.tablet}, ${w.channels.phone} ${s.byChannel.phone}.`,
    margin,
    doc.y,
  );
  for (const note of notes(s, w)) doc.text(note);
  doc.moveDown();
}
