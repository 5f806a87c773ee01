import type { ComponentChildren } from 'preact';
import type { Counter, StaffTicket } from '@numerek/shared';
import type { ActionKey } from '../actions.ts';
import type { Strings } from '../i18n.ts';
import { pausedShortText } from './result-message.ts';

/** Actions that fit the compact toolbar: the ones without a dialog, plus pause. */
export const COMPACT: readonly ActionKey[] = ['next', 'recall', 'start', 'finish', 'no-show', 'pause'];

/** The compact toolbar: a thin strip with the current client, the queue's length and the actions. */
export function Toolbar(props: {
  t: Strings;
  counter: Counter;
  ticket: StaffTicket | null;
  waitingCount: number;
  paused: boolean;
  /** The toolbar's action buttons. */
  actions: ComponentChildren;
  announcements: ComponentChildren;
  onExpand: () => void;
}) {
  const { t, counter, ticket } = props;
  return (
    <main class="compact" data-screen="toolbar" aria-label={`${counter.name} – ${t.compactOn}`}>
      <div class="compact-status">
        {/* The label says which counter; the line keeps its width for the client. */}
        <span class="compact-info">
          <span class="code">{ticket ? ticket.code : '—'}</span>
          {ticket?.priority && <span class="badge">{t.priority}</span>}
          {ticket?.interpreter && <span class="badge">PJM</span>}
          <span>
            {t.waitingCount}: {props.waitingCount}
          </span>
          {props.paused && <span class="badge">{pausedShortText(t, counter.pauseReason)}</span>}
        </span>
        <button type="button" class="btn small" onClick={props.onExpand}>
          {t.compactOff}
        </button>
      </div>
      <div class="actions compact-actions">{props.actions}</div>
      <div class="compact-messages">{props.announcements}</div>
    </main>
  );
}
