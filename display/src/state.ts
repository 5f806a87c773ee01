import type { CategoryWaiting, DisplayCall, DisplaySnapshot, QueueChanged } from '@numerek/shared';

/** Calls the display keeps (the screen lists at least the last 5). */
export const KEPT_CALLS = 20;

export interface DisplayState {
  snapshot: DisplaySnapshot | null;
  /** Newest first, one per ticket (by its opaque key). */
  calls: DisplayCall[];
  waiting: CategoryWaiting[];
  /** `last`: the office stream number of what the display shows. */
  seq: number;
  /** Server time minus this device's time, so the clock shows the office's time. */
  clockOffsetMs: number;
}

export const EMPTY_STATE: DisplayState = { snapshot: null, calls: [], waiting: [], seq: 0, clockOffsetMs: 0 };

export function applySnapshot(s: DisplaySnapshot, localNow: number): DisplayState {
  return {
    snapshot: s,
    calls: s.calls.slice(0, KEPT_CALLS),
    waiting: s.waiting,
    seq: s.seq,
    clockOffsetMs: Date.parse(s.serverTime) - localNow,
  };
}

/**
 * What to do with a delta: `seen` when the display already shows it (from a snapshot or an earlier
 * delta, perhaps from another server process), so it is neither shown nor announced again; `gap`
 * when one before it was missed, so the display asks for a fresh snapshot; else `apply`.
 */
export function judge(state: DisplayState, delta: { seq: number; prev: number }): 'apply' | 'seen' | 'gap' {
  if (delta.seq <= state.seq) return 'seen';
  if (delta.prev > state.seq) return 'gap';
  return 'apply';
}

/** A call or recall moves the ticket to the top of the list. */
export function applyCall(state: DisplayState, call: DisplayCall): DisplayState {
  const rest = state.calls.filter((c) => c.key !== call.key);
  return { ...state, seq: call.seq, calls: [call, ...rest].slice(0, KEPT_CALLS) };
}

/** Waiting counts are state: they replace what is shown unless read before it; `last` stays. */
export function applyQueue(state: DisplayState, e: QueueChanged): DisplayState {
  if (e.seq < state.seq) return state;
  return { ...state, waiting: e.waiting };
}
