import {
  DailyReportQuery,
  ErrorResponse,
  OfficesReport,
  OfficesReportQuery,
  RangeReportQuery,
  type Language,
  type Report,
  type ReportFormat,
} from '@numerek/shared';
import type { FastifyReply } from 'fastify';
import { CENTRAL, type Access } from '../../http/actor.ts';
import { accountOf } from '../../http/auth-hooks.ts';
import { ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import { reportCsv } from './report-csv.ts';
import type { ReportService } from './report.service.ts';

// The reply is sent here; the handler resolves with nothing, which Fastify accepts once sent.
async function send(
  reply: FastifyReply,
  report: Report,
  format: ReportFormat | undefined,
  lang: Language = 'pl',
): Promise<void> {
  const name = report.from === report.to ? `numerek-${report.from}` : `numerek-${report.from}_${report.to}`;
  if (format === 'csv') {
    void reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}.csv"`)
      .send(reportCsv(report, lang));
    return;
  }
  if (format === 'pdf') {
    // PDFKit and its fonts are loaded with the first PDF report, not when the server starts.
    const { reportPdf } = await import('./report-pdf.ts');
    const pdf = await reportPdf(report, lang);
    void reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${name}.pdf"`)
      .send(pdf);
    return;
  }
  void reply.send(report);
}

// JSON is described by the Report schema; CSV and PDF are files, so 200 is left untyped.
const responses = { '4xx': ErrorResponse };

export function reportRoutes(app: App, reports: ReportService): void {
  const tags = ['reports'];
  // An office's supervisors and administrators (their own office), and the central administrator
  // (any office, named by officeId).
  const access = { config: { access: ['supervisor', 'central'] satisfies Access[] } };
  app.get(
    '/api/reports/daily',
    {
      ...access,
      schema: {
        tags,
        summary: 'One service day per category, counter and clerk: counts, waits, service times, pauses',
        description: `format=json (default) returns the Report object; csv and pdf return files. A central administrator names the office with officeId; another office than one's own is 404 for its staff.`,
        querystring: DailyReportQuery,
        response: responses,
      },
    },
    async (req, reply) =>
      send(
        reply,
        await reports.daily(accountOf(req.actor), req.query.date, req.query.officeId, req.query.lang),
        req.query.format,
        req.query.lang,
      ),
  );
  app.get(
    '/api/reports/range',
    {
      ...access,
      schema: {
        tags,
        summary: 'A range of service days (both included, at most 366), as the daily report',
        querystring: RangeReportQuery,
        response: responses,
      },
    },
    async (req, reply) =>
      send(
        reply,
        await reports.range(
          accountOf(req.actor),
          req.query.from,
          req.query.to,
          req.query.officeId,
          req.query.lang,
        ),
        req.query.format,
        req.query.lang,
      ),
  );
  app.get(
    '/api/reports/offices',
    {
      config: { access: CENTRAL },
      schema: {
        tags,
        summary:
          'Every office side by side over a range of service days: tickets issued, served, no-shows, waits (central administrator)',
        querystring: OfficesReportQuery,
        response: ok(OfficesReport),
      },
    },
    (req) => reports.acrossOffices(req.query.from, req.query.to),
  );
}
