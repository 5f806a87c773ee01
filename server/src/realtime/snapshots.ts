import {
  PROTOCOL_VERSION,
  type Category,
  type CategoryWaiting,
  type Counter,
  type DisplayCall,
  type DisplaySettings,
  type DisplaySnapshot,
  type Office,
} from '@numerek/shared';
import type { CallKeyOf } from './call-key.ts';
import type { CallRow } from './realtime.repository.ts';

/** Calls kept in a snapshot (the display lists at least 5). */
export const SNAPSHOT_CALLS = 20;

export type CounterRef = DisplaySnapshot['counters'][number];

/** What a display's filter keeps: calls of some categories and/or to some counters. */
export type DisplayFilter = Pick<DisplaySettings, 'categoryIds' | 'counterIds'>;

export const isUnfiltered = (f: DisplayFilter): boolean => f.categoryIds === null && f.counterIds === null;

/** Whether a call passes a display's filter. */
export function callPasses(f: DisplayFilter, categoryId: string, counterId: string): boolean {
  return (
    (f.categoryIds === null || f.categoryIds.includes(categoryId)) &&
    (f.counterIds === null || f.counterIds.includes(counterId))
  );
}

/** A stable key for a filter: displays with the same filter share one stream (room and seq). */
export function filterKey(f: DisplayFilter): string {
  if (isUnfiltered(f)) return 'all';
  const part = (ids: string[] | null) => (ids === null ? '*' : [...ids].sort().join(','));
  return `c=${part(f.categoryIds)};k=${part(f.counterIds)}`;
}

export const counterRef = (c: Pick<Counter, 'id' | 'name' | 'number'>): CounterRef => ({
  id: c.id,
  name: c.name,
  number: c.number,
});

/** A stored call as a display sees it (no ticket id); null when its counter no longer exists. */
export function callFromRow(
  row: CallRow,
  counters: ReadonlyMap<string, CounterRef>,
  seq: number,
  keyOf: CallKeyOf,
): DisplayCall | null {
  const counter = counters.get(row.counter_id);
  if (!counter) return null;
  return {
    seq,
    prev: seq,
    key: keyOf(row.ticket_id),
    code: row.code,
    categoryId: row.category_id,
    counter,
    calledAt: new Date(row.at).toISOString(),
    recall: row.type === 'recalled',
  };
}

/** Waiting counts of the active categories a display shows, in display order. */
export function waitingList(
  categories: readonly Category[],
  counts: ReadonlyMap<string, number>,
  f: DisplayFilter,
): CategoryWaiting[] {
  return categories
    .filter((c) => c.active && (f.categoryIds === null || f.categoryIds.includes(c.id)))
    .sort((a, b) => a.displayOrder - b.displayOrder || a.prefix.localeCompare(b.prefix))
    .map((c) => ({ categoryId: c.id, prefix: c.prefix, names: c.names, waiting: counts.get(c.id) ?? 0 }));
}

/** The snapshot of one display: the office, its settings, today's calls that pass its filter. */
export function buildDisplaySnapshot(input: {
  seq: number;
  now: number;
  office: Office;
  display: DisplaySnapshot['display'];
  counters: ReadonlyMap<string, CounterRef>;
  categories: readonly Category[];
  waiting: ReadonlyMap<string, number>;
  calls: readonly CallRow[];
  keyOf: CallKeyOf;
}): DisplaySnapshot {
  const f = input.display.settings;
  const seen = new Set<string>();
  const calls: DisplayCall[] = [];
  for (const row of input.calls) {
    // One line per ticket: its latest call (or recall).
    if (seen.has(row.ticket_id) || !callPasses(f, row.category_id, row.counter_id)) continue;
    const call = callFromRow(row, input.counters, input.seq, input.keyOf);
    if (!call) continue;
    seen.add(row.ticket_id);
    calls.push(call);
    if (calls.length >= SNAPSHOT_CALLS) break;
  }
  const counters = [...input.counters.values()]
    .filter((c) => f.counterIds === null || f.counterIds.includes(c.id))
    .sort((a, b) => a.number - b.number);
  return {
    seq: input.seq,
    protocol: PROTOCOL_VERSION,
    serverTime: new Date(input.now).toISOString(),
    office: { id: input.office.id, name: input.office.name, timeZone: input.office.timeZone },
    display: input.display,
    calls,
    waiting: waitingList(input.categories, input.waiting, f),
    counters,
  };
}
