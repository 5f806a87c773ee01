import type { CounterActionResult, PauseReason } from '@numerek/shared';
import type { ActionKey } from '../actions.ts';
import { fmt, type Strings } from '../i18n.ts';

/** The words for a pause reason (empty when there is none). */
export function reasonText(t: Strings, reason: PauseReason | null): string {
  return reason ? t.pauseReasons[reason] : '';
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
      return fmt(t.resPaused, { reason: reasonText(t, r.counter.pauseReason) });
    case 'resume':
      return t.resResumed;
  }
}
