import {
  DEFAULT_DISPLAY_SETTINGS,
  PROTOCOL_VERSION,
  type DisplayCall,
  type DisplaySnapshot,
} from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { applyCall, applyQueue, applySnapshot, judge } from './state.ts';

describe('display state', () => {
  const snapshot: DisplaySnapshot = {
    seq: 4,
    protocol: PROTOCOL_VERSION,
    serverTime: '2026-11-23T08:00:00.000Z',
    office: { id: 'o', name: 'Urząd', timeZone: 'Europe/Warsaw' },
    display: { id: null, name: 'Urząd', settings: DEFAULT_DISPLAY_SETTINGS },
    calls: [],
    waiting: [],
    counters: [],
  };
  const call = (seq: number, key: string, prev = seq - 1): DisplayCall => ({
    seq,
    prev,
    key,
    code: 'A001',
    categoryId: 'c',
    counter: { id: 'k', name: 'Stanowisko 1', number: 1 },
    calledAt: '2026-11-23T08:00:00.000Z',
    recall: false,
  });

  it('applies what follows, ignores what it has seen, and notices a missed delta by its prev', () => {
    const s = applySnapshot(snapshot, Date.parse('2026-11-23T07:59:00.000Z'));
    expect(s.clockOffsetMs).toBe(60_000);
    expect(judge(s, call(5, 't1'))).toBe('apply');
    // Numbers of the office's stream that went to other audiences leave gaps in seq, not in prev.
    expect(judge(s, call(9, 't1', 4))).toBe('apply');
    expect(judge(s, call(9, 't1', 2))).toBe('apply');
    expect(judge(s, call(6, 't1', 5))).toBe('gap');
    // A call the snapshot already holds (sent again by another server process) is not announced.
    expect(judge(s, call(4, 't1', 3))).toBe('seen');
    expect(judge(s, call(3, 't1', 1))).toBe('seen');
    const after = applyCall(s, call(5, 't1'));
    expect(after.seq).toBe(5);
    expect(judge(after, call(5, 't1'))).toBe('seen');
    expect(judge(after, call(7, 't2', 5))).toBe('apply');
  });

  it('takes waiting counts as state: never a gap, never older than what it shows', () => {
    const s = applyCall(applySnapshot(snapshot, 0), call(5, 't1'));
    const waiting = [{ categoryId: 'c', prefix: 'A', names: { pl: 'Sprawy' }, waiting: 3 }];
    expect(applyQueue(s, { seq: 4, waiting })).toBe(s);
    const newer = applyQueue(s, { seq: 5, waiting });
    expect(newer.waiting).toEqual(waiting);
    expect(newer.seq).toBe(5);
    expect(applyQueue(s, { seq: 12, waiting }).seq).toBe(5);
  });

  it('moves a recalled ticket to the top instead of listing it twice', () => {
    let s = applySnapshot(snapshot, 0);
    s = applyCall(s, call(5, 't1'));
    s = applyCall(s, call(6, 't2'));
    s = applyCall(s, { ...call(7, 't1'), recall: true });
    expect(s.calls.map((c) => c.key)).toEqual(['t1', 't2']);
  });
});
