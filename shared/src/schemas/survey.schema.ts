import { Type, type Static } from 'typebox';
import { SURVEY_REASONS, SURVEY_SCORES } from '../survey.ts';
import { Id, LanguageSchema } from './common.schema.ts';
import { CounterRef } from './ticket.schema.ts';

/**
 * The visit survey (docs/decisions/0030-visit-survey.md): one question after service, five faces,
 * and after a low score an optional reason. One answer per visit, and nothing personal: an answer
 * keeps its day, hour, category, counter, clerk, wait band and number of transfers, never the
 * ticket, its number or whether it was a priority ticket.
 */

export const SurveyScoreSchema = Type.Integer({
  minimum: SURVEY_SCORES[0],
  maximum: SURVEY_SCORES[SURVEY_SCORES.length - 1],
  description: 'score: a whole number from 1 (very bad) to 5 (very good)',
});

export const SurveyReasonSchema = Type.Enum(SURVEY_REASONS, {
  description: 'reason: wait, information, manner or other (only after a score of 1 or 2)',
});

/** `PUT /api/tickets/:id/survey`: the visit's answer, from its phone page or its counter's tablet. */
export const SurveyAnswerBody = Type.Object(
  { score: SurveyScoreSchema, reason: Type.Optional(SurveyReasonSchema) },
  { additionalProperties: false },
);
export type SurveyAnswerBody = Static<typeof SurveyAnswerBody>;

/**
 * The answer to an answer: the same whether this request stored it or the visit had been answered
 * before (a second tap, a retry, the other place), so that whoever else holds the ticket's id
 * learns nothing of what the client said.
 */
export const SurveyReceipt = Type.Object({ received: Type.Literal(true) });
export type SurveyReceipt = Static<typeof SurveyReceipt>;

/** `GET /api/tickets/:id/survey`: whether the phone page asks the question now. */
export const SurveyQuestion = Type.Object({ ask: Type.Boolean() });
export type SurveyQuestion = Static<typeof SurveyQuestion>;

/** An office's survey: on or off, and where it is asked; per-clerk results only when switched on. */
export const SurveySettings = Type.Object({
  enabled: Type.Boolean(),
  /** Feedback tablets beside the counters ask. */
  tablet: Type.Boolean(),
  /** The ticket's phone page asks once the visit has ended. */
  phone: Type.Boolean(),
  /** Reports show a line per clerk (each with at least SURVEY_MIN_ANSWERS_PER_CLERK answers). */
  perClerk: Type.Boolean(),
});
export type SurveySettings = Static<typeof SurveySettings>;

export const SurveySettingsPatch = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'enabled: true or false' })),
    tablet: Type.Optional(Type.Boolean({ description: 'tablet: true or false' })),
    phone: Type.Optional(Type.Boolean({ description: 'phone: true or false' })),
    perClerk: Type.Optional(
      Type.Boolean({ description: 'perClerk: true or false (an administrator’s choice)' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type SurveySettingsPatch = Static<typeof SurveySettingsPatch>;

/** `/feedback`: the clerk finished a visit at the tablet's counter; ask about it. */
export const SurveyAsk = Type.Object({
  /** The visit's ticket, to answer with `PUT /api/tickets/:id/survey`. */
  ticketId: Id,
  /** The ticket's language, which the tablet starts in. */
  language: LanguageSchema,
  /** How many seconds the question stays on the screen. */
  seconds: Type.Integer({ minimum: 1 }),
});
export type SurveyAsk = Static<typeof SurveyAsk>;

/** `/feedback`: what the tablet is for now: its counter, and whether it asks at all. */
export const FeedbackState = Type.Object({
  /** The counter the tablet stands beside; null until the console binds it to one. */
  counter: Type.Union([CounterRef, Type.Null()]),
  /** False while the survey or its tablets are switched off, or no counter is bound. */
  active: Type.Boolean(),
});
export type FeedbackState = Static<typeof FeedbackState>;

/** Server → feedback tablet (`/feedback` namespace). */
export interface FeedbackServerEvents {
  'feedback:state': (s: FeedbackState) => void;
  'survey:ask': (a: SurveyAsk) => void;
}

/** Feedback tablet → server: nothing (answers go over HTTP, like the phone page's). */
export type FeedbackClientEvents = Record<never, never>;

/** Answers by reason, among the low scores. */
export const SurveyReasonCounts = Type.Object({
  wait: Type.Integer(),
  information: Type.Integer(),
  manner: Type.Integer(),
  other: Type.Integer(),
});

/** A report's survey figures for the office, a category, a counter, a day, an hour, a band or a clerk. */
export const SurveyFigures = Type.Object({
  answers: Type.Integer(),
  /** Visits served (finished) in the same cell; null where the report cannot tell. */
  served: Type.Union([Type.Integer(), Type.Null()]),
  /** answers ÷ served, 0…1; null when nothing was served or served is unknown. */
  responseRate: Type.Union([Type.Number(), Type.Null()]),
  /** Mean score, 1…5 to two decimals; null without answers. */
  mean: Type.Union([Type.Number(), Type.Null()]),
  /** Answers per score, five entries: score 1 … score 5. */
  distribution: Type.Array(Type.Integer(), { minItems: 5, maxItems: 5 }),
  reasons: SurveyReasonCounts,
});
export type SurveyFigures = Static<typeof SurveyFigures>;

/**
 * One line: `id` is a category, counter or clerk id, a day (YYYY-MM-DD), an hour (00–23), a wait
 * band (SURVEY_WAIT_BANDS) or a number of transfers (SURVEY_TRANSFER_BANDS); `label` the name the
 * office gave, or the id again for the others (the apps say them in their words).
 */
export const SurveyLine = Type.Object({
  id: Type.String(),
  label: Type.String(),
  ...SurveyFigures.properties,
});
export type SurveyLine = Static<typeof SurveyLine>;

/** The survey part of a report. */
export const SurveyReport = Type.Object({
  /** The office's settings when the report was made. */
  settings: SurveySettings,
  total: SurveyFigures,
  byChannel: Type.Object({ tablet: Type.Integer(), phone: Type.Integer() }),
  byCategory: Type.Array(SurveyLine),
  byCounter: Type.Array(SurveyLine),
  byDay: Type.Array(SurveyLine),
  byHour: Type.Array(SurveyLine),
  /** Scores against the visit's wait. */
  byWait: Type.Array(SurveyLine),
  /** Scores against the visit's transfers. */
  byTransfers: Type.Array(SurveyLine),
  /** Per clerk: null unless the office switched it on; clerks below the minimum are left out. */
  byClerk: Type.Union([Type.Array(SurveyLine), Type.Null()]),
  /** Clerks with answers left out for having fewer than `minAnswersPerClerk`. */
  clerksBelowMinimum: Type.Integer(),
  minAnswersPerClerk: Type.Integer(),
});
export type SurveyReport = Static<typeof SurveyReport>;
