import { SURVEY_MIN_ANSWERS_PER_CLERK, waitBandOf } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import type { ReportGroup } from '../reports/report-core.ts';
import { buildSurveyReport, surveyFigures } from './survey-report.ts';
import type { SurveyFact } from './survey.repository.ts';

const DAY = '2031-06-02';
const answer = (over: Partial<SurveyFact> = {}): SurveyFact => ({
  serviceDay: DAY,
  hour: 9,
  categoryId: 'A',
  counterId: 'k1',
  clerkId: 'anna',
  waitBand: '0-10',
  transfers: 0,
  channel: 'tablet',
  score: 5,
  reason: null,
  ...over,
});
const group = (over: Partial<ReportGroup>): ReportGroup => ({
  serviceDay: DAY,
  categoryId: 'A',
  counterId: 'k1',
  clerkId: 'anna',
  priority: false,
  issued: 0,
  transferredIn: 0,
  served: 0,
  noShow: 0,
  transferred: 0,
  cancelled: 0,
  overMaxWait: 0,
  waitSeconds: [],
  serviceSeconds: [],
  arrivalsByHour: new Array<number>(24).fill(0),
  ...over,
});
const names = {
  categories: new Map([
    ['A', 'A Dowody'],
    ['R', 'R Rejestracja'],
  ]),
  counters: new Map([
    ['k1', 'Stanowisko 1'],
    ['k2', 'Stanowisko 2'],
  ]),
  clerks: new Map([
    ['anna', 'Anna Nowak'],
    ['jan', 'Jan Kowalski'],
  ]),
};
const settings = { enabled: true, tablet: true, phone: true, perClerk: false };

describe('the survey’s part of a report', () => {
  it('counts scores, reasons, the mean and the response rate', () => {
    const f = surveyFigures(
      [
        answer({ score: 1, reason: 'wait' }),
        answer({ score: 2 }),
        answer({ score: 5 }),
        answer({ score: 5 }),
      ],
      8,
    );
    expect(f).toEqual({
      answers: 4,
      served: 8,
      responseRate: 0.5,
      mean: 3.25,
      distribution: [1, 1, 0, 0, 2],
      reasons: { wait: 1, information: 0, manner: 0, other: 0 },
    });
    expect(surveyFigures([], 0)).toMatchObject({ answers: 0, responseRate: null, mean: null });
    expect(surveyFigures([answer()], null).responseRate).toBeNull();
  });

  it('puts waits in their bands, the edges in the upper band', () => {
    expect([0, 9.99, 10, 19.5, 20, 30, 59.9, 60, 300].map(waitBandOf)).toEqual([
      '0-10',
      '0-10',
      '10-20',
      '10-20',
      '20-30',
      '30-60',
      '30-60',
      '60+',
      '60+',
    ]);
  });

  it('lines up categories, counters, days, hours, waits and transfers, with served visits from the groups', () => {
    const r = buildSurveyReport({
      answers: [
        answer({ score: 4 }),
        answer({
          categoryId: 'R',
          counterId: 'k2',
          clerkId: 'jan',
          hour: 14,
          waitBand: '30-60',
          transfers: 2,
          score: 1,
          reason: 'manner',
          channel: 'phone',
        }),
      ],
      groups: [
        group({ served: 3 }),
        group({ categoryId: 'R', counterId: 'k2', clerkId: 'jan', served: 1 }),
        // Served, not answered: a line with no answers and its rate 0.
        group({ serviceDay: '2031-06-03', categoryId: 'R', counterId: 'k2', clerkId: 'jan', served: 2 }),
      ],
      servedByHour: Object.assign(new Array<number>(24).fill(0), { 9: 3, 14: 3 }),
      names,
      settings,
    });
    expect(r.total).toMatchObject({ answers: 2, served: 6, responseRate: 0.333, mean: 2.5 });
    expect(r.byChannel).toEqual({ tablet: 1, phone: 1 });
    expect(r.byCategory.map((l) => [l.label, l.answers, l.served])).toEqual([
      ['A Dowody', 1, 3],
      ['R Rejestracja', 1, 3],
    ]);
    expect(r.byCounter.map((l) => [l.label, l.mean])).toEqual([
      ['Stanowisko 1', 4],
      ['Stanowisko 2', 1],
    ]);
    expect(r.byDay.map((l) => [l.id, l.answers, l.served, l.responseRate])).toEqual([
      [DAY, 2, 4, 0.5],
      ['2031-06-03', 0, 2, 0],
    ]);
    expect(r.byHour.map((l) => [l.label, l.answers, l.served])).toEqual([
      ['09:00', 1, 3],
      ['14:00', 1, 3],
    ]);
    expect(r.byWait.map((l) => [l.id, l.answers])).toEqual([
      ['0-10', 1],
      ['10-20', 0],
      ['20-30', 0],
      ['30-60', 1],
      ['60+', 0],
    ]);
    expect(r.byTransfers.map((l) => [l.id, l.answers, l.mean])).toEqual([
      ['0', 1, 4],
      ['1', 0, null],
      ['2+', 1, 1],
    ]);
    expect(r.byWait[3]?.reasons.manner).toBe(1);
  });

  it('leaves the hours’ rate unknown when the period has days without ticket records', () => {
    const r = buildSurveyReport({
      answers: [answer()],
      groups: [group({ served: 1 })],
      servedByHour: null,
      names,
      settings,
    });
    expect(r.byHour).toEqual([
      expect.objectContaining({ id: '09', answers: 1, served: null, responseRate: null }),
    ]);
    expect(r.total.responseRate).toBe(1);
  });

  it('shows clerks only when switched on, and only those with enough answers', () => {
    const many = Array.from({ length: SURVEY_MIN_ANSWERS_PER_CLERK }, () => answer());
    const few = Array.from({ length: SURVEY_MIN_ANSWERS_PER_CLERK - 1 }, () =>
      answer({ clerkId: 'jan', score: 1 }),
    );
    const input = { answers: [...many, ...few], groups: [], servedByHour: null, names };
    const off = buildSurveyReport({ ...input, settings });
    expect(off.byClerk).toBeNull();
    expect(off.clerksBelowMinimum).toBe(0);
    expect(JSON.stringify(off)).not.toContain('Anna Nowak');
    const on = buildSurveyReport({ ...input, settings: { ...settings, perClerk: true } });
    expect(on.byClerk?.map((l) => [l.label, l.answers])).toEqual([
      ['Anna Nowak', SURVEY_MIN_ANSWERS_PER_CLERK],
    ]);
    expect(on.clerksBelowMinimum).toBe(1);
    expect(JSON.stringify(on)).not.toContain('Jan Kowalski');
    expect(on.minAnswersPerClerk).toBe(10);
  });
});
