import type { CounterActionResult, PauseReason } from '@numerek/shared';
import type { ActionKey } from '../actions.ts';
import { fmt, type Strings } from '../i18n.ts';

/** The counter's pause in one sentence, with its reason (a pause without one reads as a break). */
export function pausedText(t: Strings, reason: PauseReason | null): string {
  return t.paused[reason ?? 'break'];
}

/** The counter's pause in a few words, for the compact toolbar. */
export function pausedShortText(t: Strings, reason: PauseReason | null): string {
  return t.pausedShort[reason ?? 'break'];
}

/** What the panel announces after an action worked. */
export function resultMessage(t: Strings, path: ActionKey | 'resume', r: CounterActionResult): string {
  const code = r.ticket?.code ?? '';
  switch (path) {
    case 'next':
    case 'call':
      return r.ticket ? fmt(t.resCalled, { code }) : t.resNobody;
    case 'recall':
      return fmt(t.resRecalled, { code });
    case 'start':
      return fmt(t.resStarted, { code });
    case 'finish':
      return fmt(t.resFinished, { code });
    case 'no-show':
      return fmt(t.resNoShow, { code });
    case 'transfer':
      return fmt(t.resTransferred, { code });
    case 'pause':
      return t.resPaused;
    case 'resume':
      return t.resResumed;
  }
}
