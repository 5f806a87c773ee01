import {
  DEFAULT_DISPLAY_SETTINGS,
  PROTOCOL_VERSION,
  type DisplayCall,
  type DisplaySnapshot,
} from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { applyCall, applySnapshot, inSequence } from './state.ts';

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
  const call = (seq: number, key: string): DisplayCall => ({
    seq,
    key,
    code: 'A001',
    categoryId: 'c',
    counter: { id: 'k', name: 'Stanowisko 1', number: 1 },
    calledAt: '2026-11-23T08:00:00.000Z',
    recall: false,
  });

  it('follows seq and notices a gap', () => {
    const s = applySnapshot(snapshot, Date.parse('2026-11-23T07:59:00.000Z'));
    expect(s.clockOffsetMs).toBe(60_000);
    expect(inSequence(s, 5)).toBe(true);
    expect(inSequence(s, 6)).toBe(false);
    const after = applyCall(s, call(5, 't1'));
    expect(after.seq).toBe(5);
    expect(inSequence(after, 6)).toBe(true);
  });

  it('moves a recalled ticket to the top instead of listing it twice', () => {
    let s = applySnapshot(snapshot, 0);
    s = applyCall(s, call(5, 't1'));
    s = applyCall(s, call(6, 't2'));
    s = applyCall(s, { ...call(7, 't1'), recall: true });
    expect(s.calls.map((c) => c.key)).toEqual(['t1', 't2']);
  });
});
