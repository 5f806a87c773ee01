import { Type, type Static } from 'typebox';
import { LANGUAGES } from '../constants.ts';
import { Id } from './common.schema.ts';
import { SurveyReport } from './survey.schema.ts';

/** Formats a report can be downloaded in. */
export const REPORT_FORMATS = ['json', 'csv', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const DateString = Type.String({
  pattern: '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
  description: 'a date as YYYY-MM-DD',
});
const Lang = Type.Optional(
  Type.Enum(LANGUAGES, {
    description:
      'lang: pl (default), en or uk: the language of the CSV and PDF, and of the category names in any format (Polish where the office gave none in it)',
  }),
);
const Format = Type.Optional(
  Type.Enum(REPORT_FORMATS, { description: 'format: json (default), csv or pdf' }),
);

/**
 * Whose report: a central administrator names the office; staff of an office may leave it out (or
 * name their own: another office's is not found).
 */
const OfficeOf = Type.Optional(Id);

/** `GET /api/reports/daily?date=YYYY-MM-DD&format=json|csv|pdf&lang=pl|en|uk[&officeId=…]` */
export const DailyReportQuery = Type.Object(
  { date: DateString, format: Format, lang: Lang, officeId: OfficeOf },
  { additionalProperties: false },
);
export type DailyReportQuery = Static<typeof DailyReportQuery>;

/** `GET /api/reports/range?from=YYYY-MM-DD&to=YYYY-MM-DD&format=…` (both days included, at most 366). */
export const RangeReportQuery = Type.Object(
  { from: DateString, to: DateString, format: Format, lang: Lang, officeId: OfficeOf },
  { additionalProperties: false },
);
export type RangeReportQuery = Static<typeof RangeReportQuery>;

/** Minutes; all null when nothing was measured. Median of the middle two for an even count; p90 by nearest rank. */
export const MinuteStats = Type.Object({
  count: Type.Integer(),
  mean: Type.Union([Type.Number(), Type.Null()]),
  median: Type.Union([Type.Number(), Type.Null()]),
  p90: Type.Union([Type.Number(), Type.Null()]),
  max: Type.Union([Type.Number(), Type.Null()]),
});
export type MinuteStats = Static<typeof MinuteStats>;

/** A report's figures for a category, a counter, a clerk or the whole office. */
export const ReportFigures = Type.Object({
  /** New tickets (a transfer's second leg is not a new ticket). */
  issued: Type.Integer(),
  served: Type.Integer(),
  noShow: Type.Integer(),
  transferred: Type.Integer(),
  cancelled: Type.Integer(),
  /**
   * Wait of each called ticket leg, from the visit's first ticket to the call: a transfer's leg
   * waits from its first ticket's issue, as the clerk's panel shows (decision 0048).
   */
  wait: MinuteStats,
  /** Service time of each served ticket: finished − started. */
  service: MinuteStats,
  /**
   * Priority clients among the line's clients, 0…1 (null when none): a category's are the tickets
   * issued in it and the clients transferred to it, a counter's or a clerk's the legs it called,
   * the office's its new tickets. A transferred client keeps their ticket's class (decision 0048).
   */
  priorityShare: Type.Union([Type.Number(), Type.Null()]),
  priorityWait: MinuteStats,
  regularWait: MinuteStats,
  /** Called ticket legs that waited longer than their category's maximum wait. */
  overMaxWait: Type.Integer(),
});
export type ReportFigures = Static<typeof ReportFigures>;

/** One line of a report: a category, a counter or a clerk, with the name the office gave it. */
export const ReportLine = Type.Object({
  id: Type.String(),
  label: Type.String(),
  ...ReportFigures.properties,
});
export type ReportLine = Static<typeof ReportLine>;

/** A clerk's line, with pause minutes by reason. */
export const ClerkReportLine = Type.Intersect([
  ReportLine,
  Type.Object({ pauseMinutes: Type.Record(Type.String(), Type.Number()) }),
]);
export type ClerkReportLine = Static<typeof ClerkReportLine>;

/**
 * One category's bookings on one day (docs/decisions/0033-bookings.md): the bookings that were not
 * cancelled, how many of them checked in at the kiosk and how many did not come, and the minutes
 * from each checked-in client's slot to their first call (negative when called before the slot).
 */
export const BookingReportLine = Type.Object({
  day: Type.String(),
  categoryId: Type.String(),
  label: Type.String(),
  booked: Type.Integer(),
  checkedIn: Type.Integer(),
  noShow: Type.Integer(),
  slotToCall: MinuteStats,
});
export type BookingReportLine = Static<typeof BookingReportLine>;

/** A daily or date-range report of an office. */
export const Report = Type.Object({
  office: Type.Object({ id: Type.String(), name: Type.String(), timeZone: Type.String() }),
  from: Type.String(),
  to: Type.String(),
  generatedAt: Type.String(),
  /** The whole office: figures only, which the console, the CSV and the PDF name in their language. */
  total: ReportFigures,
  byCategory: Type.Array(ReportLine),
  byCounter: Type.Array(ReportLine),
  byClerk: Type.Array(ClerkReportLine),
  /** New tickets by local hour of issue, 24 entries (hour 0 … 23). */
  arrivalsPerHour: Type.Array(Type.Integer()),
  /** All clerks' pause minutes by reason. */
  pauseMinutes: Type.Record(Type.String(), Type.Number()),
  /** Bookings per day and category, by day and then category (none: no booking in the period). */
  bookings: Type.Array(BookingReportLine),
  /** Days served from retained aggregates rather than ticket records. */
  aggregatedDays: Type.Array(Type.String()),
  /** The visit survey's results (docs/decisions/0030-visit-survey.md). */
  survey: Type.Optional(SurveyReport),
});
export type Report = Static<typeof Report>;

/** `GET /api/reports/offices?from=YYYY-MM-DD&to=YYYY-MM-DD`: every office side by side (central administrator). */
export const OfficesReportQuery = Type.Object(
  { from: DateString, to: DateString },
  { additionalProperties: false },
);
export type OfficesReportQuery = Static<typeof OfficesReportQuery>;

/** One office's figures in the report across offices: the total line of its own report. */
export const OfficeFigures = Type.Object({
  issued: Type.Integer(),
  served: Type.Integer(),
  noShow: Type.Integer(),
  /** Wait of each called ticket leg, as in the office's own report (mean, median, p90, max). */
  wait: MinuteStats,
});
export type OfficeFigures = Static<typeof OfficeFigures>;

/**
 * Every office over the same service days (each office's days in its own time zone): a line per
 * office, and the figures of all offices together (waits pooled, so the p90 is over every wait).
 */
export const OfficesReport = Type.Object({
  from: Type.String(),
  to: Type.String(),
  generatedAt: Type.String(),
  offices: Type.Array(
    Type.Intersect([
      Type.Object({
        office: Type.Object({ id: Type.String(), name: Type.String(), timeZone: Type.String() }),
      }),
      OfficeFigures,
    ]),
  ),
  total: OfficeFigures,
});
export type OfficesReport = Static<typeof OfficesReport>;
