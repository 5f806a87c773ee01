/**
 * The pure core of the reports: ticket facts → daily groups → report lines. No clock, no SQL.
 *
 * Two steps so that retention can keep what reports need without keeping tickets: tickets are
 * folded into `ReportGroup`s (one per service day, category, counter, clerk and class, holding
 * counts and the raw wait and service seconds), and a report is built from groups alone. A day
 * read from ticket records and the same day read from its stored groups give the same report.
 */
import type {
  ClerkReportLine,
  MinuteStats,
  OfficeFigures,
  PauseReason,
  ReportFigures,
  ReportLine,
  TicketState,
} from '@numerek/shared';
import { PAUSE_REASONS } from '@numerek/shared';
import { localTime } from '../../lib/office-time.ts';

/** A ticket leg as the report reads it. */
export interface TicketFact {
  serviceDay: string;
  categoryId: string;
  counterId: string | null;
  clerkId: string | null;
  priority: boolean;
  state: TicketState;
  /** False for a transfer's second leg (same number, not a new ticket). */
  original: boolean;
  issuedAt: number;
  /**
   * When the client took their first ticket of the visit: `issuedAt` for a new ticket, the first
   * ticket's issue for a transfer's leg (which keeps the client's place, decision 0003).
   */
  visitIssuedAt: number;
  calledAt: number | null;
  startedAt: number | null;
  finishedAt: number | null;
}

/** What one day leaves for the reports in one (category, counter, clerk, class) cell. */
export interface ReportGroup {
  serviceDay: string;
  categoryId: string;
  counterId: string | null;
  clerkId: string | null;
  priority: boolean;
  issued: number;
  /** Legs that came by a transfer from another category or counter (not new tickets). */
  transferredIn: number;
  served: number;
  noShow: number;
  transferred: number;
  cancelled: number;
  overMaxWait: number;
  /** Waits of the called legs, whole seconds. */
  waitSeconds: number[];
  /** Service times of the served legs, whole seconds. */
  serviceSeconds: number[];
  /** New tickets by local hour of issue (24 entries). */
  arrivalsByHour: number[];
}

/** A clerk's pause, attributed to the service day it started on. */
export interface PauseFact {
  serviceDay: string;
  counterId: string;
  clerkId: string;
  reason: PauseReason;
  seconds: number;
}

/** Names for the lines; an id without a name is shown as its id. */
export interface ReportNames {
  categories: ReadonlyMap<string, string>;
  counters: ReadonlyMap<string, string>;
  clerks: ReadonlyMap<string, string>;
}

/** The report's body, before the office and dates are added. */
export interface ReportBody {
  total: ReportFigures;
  byCategory: ReportLine[];
  byCounter: ReportLine[];
  byClerk: ClerkReportLine[];
  arrivalsPerHour: number[];
  pauseMinutes: Record<string, number>;
}

const SECOND = 1000;

function groupKey(
  g: Pick<ReportGroup, 'serviceDay' | 'categoryId' | 'counterId' | 'clerkId' | 'priority'>,
): string {
  return JSON.stringify([g.serviceDay, g.categoryId, g.counterId, g.clerkId, g.priority]);
}

/**
 * Folds ticket legs into groups. A leg's wait is from the client's first ticket of the visit to
 * the leg's call (for a transfer's leg, the same wait the clerk's panel shows: the client keeps
 * their place), its service `finished − started` when served; it is over the maximum when its
 * wait exceeds its category's `maxWaitMinutes`. A transfer's leg keeps the class of its ticket.
 * Arrivals count new tickets by local hour.
 */
export function groupTickets(
  facts: readonly TicketFact[],
  timeZone: string,
  maxWaitMinutes: ReadonlyMap<string, number | null>,
): ReportGroup[] {
  const groups = new Map<string, ReportGroup>();
  for (const t of facts) {
    const key = groupKey(t);
    let g = groups.get(key);
    if (!g) {
      g = {
        serviceDay: t.serviceDay,
        categoryId: t.categoryId,
        counterId: t.counterId,
        clerkId: t.clerkId,
        priority: t.priority,
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
      };
      groups.set(key, g);
    }
    if (t.original) {
      g.issued += 1;
      const hour = Math.floor(localTime(t.issuedAt, timeZone).minutes / 60);
      g.arrivalsByHour[hour] = (g.arrivalsByHour[hour] ?? 0) + 1;
    } else {
      g.transferredIn += 1;
    }
    if (t.state === 'finished') g.served += 1;
    else if (t.state === 'no_show') g.noShow += 1;
    else if (t.state === 'transferred') g.transferred += 1;
    else if (t.state === 'cancelled') g.cancelled += 1;
    if (t.calledAt !== null) {
      const wait = Math.max(0, Math.round((t.calledAt - t.visitIssuedAt) / SECOND));
      g.waitSeconds.push(wait);
      const max = maxWaitMinutes.get(t.categoryId);
      if (typeof max === 'number' && max > 0 && wait > max * 60) g.overMaxWait += 1;
    }
    if (t.state === 'finished' && t.startedAt !== null && t.finishedAt !== null) {
      g.serviceSeconds.push(Math.max(0, Math.round((t.finishedAt - t.startedAt) / SECOND)));
    }
  }
  return [...groups.values()].sort((a, b) => groupKey(a).localeCompare(groupKey(b)));
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** Mean, median, p90 (nearest rank) and maximum of seconds, in minutes to one decimal. */
export function minuteStats(seconds: readonly number[]): MinuteStats {
  const n = seconds.length;
  if (n === 0) return { count: 0, mean: null, median: null, p90: null, max: null };
  const s = [...seconds].sort((a, b) => a - b);
  const at = (i: number): number => s[Math.min(n - 1, Math.max(0, i))] ?? 0;
  const median = n % 2 === 1 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
  const mean = s.reduce((a, b) => a + b, 0) / n;
  return {
    count: n,
    mean: round1(mean / 60),
    median: round1(median / 60),
    p90: round1(at(Math.ceil(0.9 * n) - 1) / 60),
    max: round1(at(n - 1) / 60),
  };
}

/**
 * Whose clients a priority share is of: a line's are the legs it had (for a category, the tickets
 * issued in it and the clients transferred to it; for a counter or a clerk, the legs called
 * there), the office's are its new tickets, so that a transferred client counts once.
 */
type Scope = 'line' | 'office';

function figures(groups: readonly ReportGroup[], scope: Scope): ReportFigures {
  const sum = (f: (g: ReportGroup) => number): number => groups.reduce((a, g) => a + f(g), 0);
  const waits = (pick: (g: ReportGroup) => boolean): number[] =>
    groups.filter(pick).flatMap((g) => g.waitSeconds);
  const issued = sum((g) => g.issued);
  // The share is of the same clients whose waits the line's priority and regular waits are.
  const clients = (g: ReportGroup): number => g.issued + (scope === 'line' ? g.transferredIn : 0);
  const all = sum(clients);
  const priorityClients = sum((g) => (g.priority ? clients(g) : 0));
  return {
    issued,
    served: sum((g) => g.served),
    noShow: sum((g) => g.noShow),
    transferred: sum((g) => g.transferred),
    cancelled: sum((g) => g.cancelled),
    wait: minuteStats(waits(() => true)),
    service: minuteStats(groups.flatMap((g) => g.serviceSeconds)),
    priorityShare: all === 0 ? null : Math.round((priorityClients / all) * 1000) / 1000,
    priorityWait: minuteStats(waits((g) => g.priority)),
    regularWait: minuteStats(waits((g) => !g.priority)),
    overMaxWait: sum((g) => g.overMaxWait),
  };
}

function linesBy(
  groups: readonly ReportGroup[],
  keyOf: (g: ReportGroup) => string | null,
  names: ReadonlyMap<string, string>,
): ReportLine[] {
  const by = new Map<string, ReportGroup[]>();
  for (const g of groups) {
    const key = keyOf(g);
    if (key === null) continue;
    const list = by.get(key) ?? [];
    list.push(g);
    by.set(key, list);
  }
  return [...by.entries()]
    .map(([id, list]) => ({ id, label: names.get(id) ?? id, ...figures(list, 'line') }))
    .sort((a, b) => a.label.localeCompare(b.label, 'pl', { numeric: true }));
}

function pauseMinutes(pauses: readonly PauseFact[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of PAUSE_REASONS) out[r] = 0;
  for (const p of pauses) out[p.reason] = (out[p.reason] ?? 0) + p.seconds;
  for (const r of Object.keys(out)) out[r] = round1((out[r] ?? 0) / 60);
  return out;
}

/**
 * The report over some days' groups and pauses: the office total, a line per category, per
 * counter and per clerk (clerks also with their pause minutes by reason), arrivals per hour.
 * Counter and clerk lines count the ticket legs they called; tickets never called (still
 * waiting, or cancelled before a call) appear only in the category and total lines. A transferred
 * client is a leg of each category and counter they were at, with the class of their ticket, and
 * one client of the office (docs/decisions/0048-report-transferred-clients.md).
 */
export function buildReportBody(
  groups: readonly ReportGroup[],
  pauses: readonly PauseFact[],
  names: ReportNames,
): ReportBody {
  const byClerk = linesBy(groups, (g) => g.clerkId, names.clerks).map((l): ClerkReportLine => ({
    ...l,
    pauseMinutes: pauseMinutes(pauses.filter((p) => p.clerkId === l.id)),
  }));
  // A clerk who only paused still has pause time to report.
  for (const clerkId of new Set(pauses.map((p) => p.clerkId))) {
    if (byClerk.some((l) => l.id === clerkId)) continue;
    byClerk.push({
      id: clerkId,
      label: names.clerks.get(clerkId) ?? clerkId,
      ...figures([], 'line'),
      pauseMinutes: pauseMinutes(pauses.filter((p) => p.clerkId === clerkId)),
    });
  }
  const arrivalsPerHour = new Array<number>(24).fill(0);
  for (const g of groups)
    g.arrivalsByHour.forEach((n, h) => (arrivalsPerHour[h] = (arrivalsPerHour[h] ?? 0) + n));
  return {
    total: figures(groups, 'office'),
    byCategory: linesBy(groups, (g) => g.categoryId, names.categories),
    byCounter: linesBy(groups, (g) => g.counterId, names.counters),
    byClerk,
    arrivalsPerHour,
    pauseMinutes: pauseMinutes(pauses),
  };
}

/**
 * An office's figures for the report across offices: its total line's counts and waits. Given the
 * groups of several offices, their figures together, with every wait pooled (so the p90 is of all
 * waits, not a mean of the offices' p90s).
 */
export function officeFigures(groups: readonly ReportGroup[]): OfficeFigures {
  const total = figures(groups, 'office');
  return { issued: total.issued, served: total.served, noShow: total.noShow, wait: total.wait };
}

/** The service days from `from` to `to`, both included (YYYY-MM-DD, calendar arithmetic in UTC). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let d = Date.parse(`${from}T00:00:00Z`); d <= end; d += 86_400_000) {
    days.push(new Date(d).toISOString().slice(0, 10));
  }
  return days;
}
