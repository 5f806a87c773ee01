/**
 * The visit survey's fixed values (docs/decisions/0030-visit-survey.md), for the server and the
 * apps alike. Light: no schema, no validator, so the kiosk's pages and the tablet may import it.
 */

/** The five faces, from "very bad" (1) to "very good" (5). */
export const SURVEY_SCORES = [1, 2, 3, 4, 5] as const;
export type SurveyScore = (typeof SURVEY_SCORES)[number];

/** A score at or below this may say what went wrong (optional). */
export const SURVEY_LOW_SCORE = 2;

/** What went wrong, chosen after a low score: coarse on purpose, nothing personal can be said. */
export const SURVEY_REASONS = ['wait', 'information', 'manner', 'other'] as const;
export type SurveyReason = (typeof SURVEY_REASONS)[number];

/** Where a visit was answered: the feedback tablet beside the counter, or the ticket's phone page. */
export const SURVEY_CHANNELS = ['tablet', 'phone'] as const;
export type SurveyChannel = (typeof SURVEY_CHANNELS)[number];

/** How long the feedback tablet shows the question after the clerk finished a ticket. */
export const SURVEY_TABLET_SECONDS = 30;
/** How long after a visit ended the tablet's answer is still taken (its retries included). */
export const SURVEY_TABLET_WINDOW_MS = 10 * 60 * 1000;
/** How long after a visit ended the phone page still asks and takes an answer. */
export const SURVEY_PHONE_WINDOW_MS = 48 * 60 * 60 * 1000;

/**
 * A clerk's line in the report needs at least this many answers in the period, and the office
 * must have switched per-clerk results on: fewer could let a single visit be traced to a clerk.
 */
export const SURVEY_MIN_ANSWERS_PER_CLERK = 10;

/** The visit's wait (all its legs together), in bands of minutes: `[from, to)`, the last open. */
export const SURVEY_WAIT_BANDS = [
  { key: '0-10', from: 0, to: 10 },
  { key: '10-20', from: 10, to: 20 },
  { key: '20-30', from: 20, to: 30 },
  { key: '30-60', from: 30, to: 60 },
  { key: '60+', from: 60, to: null },
] as const;
export type SurveyWaitBand = (typeof SURVEY_WAIT_BANDS)[number]['key'];

/** The visit's transfers: none, one, two or more. */
export const SURVEY_TRANSFER_BANDS = ['0', '1', '2+'] as const;
export type SurveyTransferBand = (typeof SURVEY_TRANSFER_BANDS)[number];

/** The band of a wait of `minutes`. */
export function waitBandOf(minutes: number): SurveyWaitBand {
  for (const band of SURVEY_WAIT_BANDS) {
    if (band.to === null || minutes < band.to) return band.key;
  }
  return '60+';
}

/** The band of a number of transfers. */
export function transferBandOf(transfers: number): SurveyTransferBand {
  return transfers <= 0 ? '0' : transfers === 1 ? '1' : '2+';
}
