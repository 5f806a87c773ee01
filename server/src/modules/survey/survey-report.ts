/**
 * The pure core of the survey's part of a report: answers and served visits → lines. No clock,
 * no SQL. Served visits come from the report's groups (per day, category, counter and clerk), so
 * response rates hold for days folded by retention too; per hour they are known only while every
 * day of the period still has its ticket records, and only hours with answers have a line.
 */
import {
  SURVEY_MIN_ANSWERS_PER_CLERK,
  SURVEY_REASONS,
  SURVEY_TRANSFER_BANDS,
  SURVEY_WAIT_BANDS,
  transferBandOf,
  type SurveyFigures,
  type SurveyLine,
  type SurveyReport,
  type SurveySettings,
} from '@numerek/shared';
import type { ReportGroup, ReportNames } from '../reports/report-core.ts';
import type { SurveyFact } from './survey.repository.ts';

export interface SurveyReportInput {
  answers: readonly SurveyFact[];
  /** The report's groups: their `served` counts are the visits that could have answered. */
  groups: readonly ReportGroup[];
  /** Visits served per local hour of their end (24 entries), or null when not known. */
  servedByHour: readonly number[] | null;
  names: ReportNames;
  settings: SurveySettings;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** Counts, mean, distribution and reasons of some answers, with their rate against `served`. */
export function surveyFigures(answers: readonly SurveyFact[], served: number | null): SurveyFigures {
  const distribution = [0, 0, 0, 0, 0];
  const reasons = { wait: 0, information: 0, manner: 0, other: 0 };
  let sum = 0;
  for (const a of answers) {
    distribution[a.score - 1] = (distribution[a.score - 1] ?? 0) + 1;
    if (a.reason && SURVEY_REASONS.includes(a.reason)) reasons[a.reason] += 1;
    sum += a.score;
  }
  const n = answers.length;
  return {
    answers: n,
    served,
    responseRate: served === null || served === 0 ? null : round(n / served, 3),
    mean: n === 0 ? null : round(sum / n, 2),
    distribution,
    reasons,
  };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const list = out.get(key) ?? [];
    list.push(item);
    out.set(key, list);
  }
  return out;
}

/** Served visits per key of the report's groups. */
function servedBy(
  groups: readonly ReportGroup[],
  keyOf: (g: ReportGroup) => string | null,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const g of groups) {
    const key = keyOf(g);
    if (key === null || g.served === 0) continue;
    out.set(key, (out.get(key) ?? 0) + g.served);
  }
  return out;
}

/** A line for every key with answers or served visits, named by the office's names and sorted by them. */
function namedLines(
  answers: readonly SurveyFact[],
  groups: readonly ReportGroup[],
  answerKey: (a: SurveyFact) => string | null,
  groupKey: (g: ReportGroup) => string | null,
  names: ReadonlyMap<string, string>,
): SurveyLine[] {
  const byKey = groupBy(answers, answerKey);
  const served = servedBy(groups, groupKey);
  const keys = new Set([...byKey.keys(), ...served.keys()]);
  return [...keys]
    .map((id) => ({
      id,
      label: names.get(id) ?? id,
      ...surveyFigures(byKey.get(id) ?? [], served.get(id) ?? 0),
    }))
    .sort((a, b) => a.label.localeCompare(b.label, 'pl', { numeric: true }));
}

/** A line per fixed key, in the keys' order; `served` null (the report cannot tell them apart). */
function bandLines(
  answers: readonly SurveyFact[],
  keys: readonly string[],
  keyOf: (a: SurveyFact) => string,
): SurveyLine[] {
  const byKey = groupBy(answers, keyOf);
  return keys.map((id) => ({ id, label: id, ...surveyFigures(byKey.get(id) ?? [], null) }));
}

/**
 * The survey's part of a report: the office, per category, counter, day and hour, the scores
 * against the visit's wait and transfers, and per clerk only when the office switched it on and
 * only for clerks with at least {@link SURVEY_MIN_ANSWERS_PER_CLERK} answers in the period.
 */
export function buildSurveyReport(input: SurveyReportInput): SurveyReport {
  const { answers, groups, servedByHour, names, settings } = input;
  const totalServed = groups.reduce((n, g) => n + g.served, 0);
  const hour = (h: number): string => String(h).padStart(2, '0');

  const days = namedLines(
    answers,
    groups,
    (a) => a.serviceDay,
    (g) => g.serviceDay,
    new Map(),
  ).sort((a, b) => a.id.localeCompare(b.id));
  const answersByHour = groupBy(answers, (a) => hour(a.hour));
  const byHour: SurveyLine[] = [];
  for (let h = 0; h < 24; h++) {
    const list = answersByHour.get(hour(h)) ?? [];
    const served = servedByHour ? (servedByHour[h] ?? 0) : null;
    if (list.length === 0) continue;
    byHour.push({ id: hour(h), label: `${hour(h)}:00`, ...surveyFigures(list, served) });
  }

  const answersByClerk = groupBy(answers, (a) => a.clerkId);
  const clerkServed = servedBy(groups, (g) => g.clerkId);
  const shown = [...answersByClerk].filter(([, list]) => list.length >= SURVEY_MIN_ANSWERS_PER_CLERK);
  const byClerk = settings.perClerk
    ? shown
        .map(([id, list]) => ({
          id,
          label: names.clerks.get(id) ?? id,
          ...surveyFigures(list, clerkServed.get(id) ?? 0),
        }))
        .sort((a, b) => a.label.localeCompare(b.label, 'pl', { numeric: true }))
    : null;

  return {
    settings,
    total: surveyFigures(answers, totalServed),
    byChannel: {
      tablet: answers.filter((a) => a.channel === 'tablet').length,
      phone: answers.filter((a) => a.channel === 'phone').length,
    },
    byCategory: namedLines(
      answers,
      groups,
      (a) => a.categoryId,
      (g) => g.categoryId,
      names.categories,
    ),
    byCounter: namedLines(
      answers,
      groups,
      (a) => a.counterId,
      (g) => g.counterId,
      names.counters,
    ),
    byDay: days,
    byHour,
    byWait: bandLines(
      answers,
      SURVEY_WAIT_BANDS.map((b) => b.key),
      (a) => a.waitBand,
    ),
    byTransfers: bandLines(answers, SURVEY_TRANSFER_BANDS, (a) => transferBandOf(a.transfers)),
    byClerk,
    clerksBelowMinimum: settings.perClerk ? answersByClerk.size - shown.length : 0,
    minAnswersPerClerk: SURVEY_MIN_ANSWERS_PER_CLERK,
  };
}
