import type { CounterDetail } from '@numerek/shared';
import { canMove } from '@numerek/shared/ticket-moves';
import type { Strings } from './i18n.ts';

/** Every clerk action, with the key that triggers it. */
export const ACTIONS = ['next', 'recall', 'start', 'finish', 'no-show', 'transfer', 'pause', 'call'] as const;
export type ActionKey = (typeof ACTIONS)[number];

export const SHORTCUTS: Record<ActionKey, string> = {
  next: 'N',
  recall: 'R',
  start: 'S',
  finish: 'F',
  'no-show': 'X',
  transfer: 'T',
  pause: 'P',
  call: 'C',
};

/** The action a key press means, or null (case-insensitive, letters only). */
export function actionForKey(key: string): ActionKey | null {
  const k = key.toUpperCase();
  return ACTIONS.find((a) => SHORTCUTS[a] === k) ?? null;
}

/**
 * Which actions make sense in the counter's state (the server has the last word). The ticket's
 * moves follow the protocol's table; calling needs an open counter with nobody at it.
 */
export function availability(detail: CounterDetail): Record<ActionKey, boolean> {
  const { counter, ticket, waiting } = detail;
  const open = counter.state === 'open';
  const state = ticket?.state ?? null;
  return {
    next: open && !ticket,
    recall: canMove('recall', state),
    start: canMove('start', state),
    finish: canMove('finish', state),
    'no-show': canMove('no-show', state),
    transfer: canMove('transfer', state),
    pause: counter.state === 'paused' || open,
    call: open && !ticket && waiting.length > 0,
  };
}

/** The action a clerk most likely wants after this one: focus goes there. */
export const FOLLOW_UP: Record<ActionKey | 'resume', ActionKey> = {
  next: 'start',
  call: 'start',
  recall: 'start',
  start: 'finish',
  finish: 'next',
  'no-show': 'next',
  transfer: 'next',
  pause: 'pause',
  resume: 'next',
};

export function actionLabel(t: Strings, action: ActionKey, paused: boolean, short = false): string {
  if (short && action !== 'transfer' && action !== 'call') {
    if (action === 'pause') return paused ? t.short.resume : t.short.pause;
    return t.short[action === 'no-show' ? 'noShow' : action];
  }
  switch (action) {
    case 'next':
      return t.next;
    case 'recall':
      return t.recall;
    case 'start':
      return t.start;
    case 'finish':
      return t.finish;
    case 'no-show':
      return t.noShow;
    case 'transfer':
      return t.transfer;
    case 'pause':
      return paused ? t.resume : t.pause;
    case 'call':
      return t.callChosen;
  }
}

/** How many tickets the counter may call, all of them, not only those listed. */
export function waitingTotal(detail: CounterDetail): number {
  return detail.waitingCounts.reduce((n, c) => n + c.waiting, 0);
}
