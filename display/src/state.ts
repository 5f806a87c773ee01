import type { CategoryWaiting, DisplayCall, DisplaySnapshot, QueueChanged } from '@numerek/shared';

/** Calls the display keeps (the screen lists at least the last 5). */
export const KEPT_CALLS = 20;

export interface DisplayState {
  snapshot: DisplaySnapshot | null;
  /** Newest first, one per ticket (by its opaque key). */
  calls: DisplayCall[];
  waiting: CategoryWaiting[];
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

/** Whether a delta follows the last one; otherwise the display asks for a fresh snapshot. */
export const inSequence = (state: DisplayState, seq: number): boolean => seq === state.seq + 1;

/** A call or recall moves the ticket to the top of the list. */
export function applyCall(state: DisplayState, call: DisplayCall): DisplayState {
  const rest = state.calls.filter((c) => c.key !== call.key);
  return { ...state, seq: call.seq, calls: [call, ...rest].slice(0, KEPT_CALLS) };
}

export function applyQueue(state: DisplayState, e: QueueChanged): DisplayState {
  return { ...state, seq: e.seq, waiting: e.waiting };
}
