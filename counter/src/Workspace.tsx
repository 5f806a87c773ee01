import type { Counter, PublicCategory } from '@numerek/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ACTIONS, FOLLOW_UP, actionLabel, availability, waitingTotal, type ActionKey } from './actions.ts';
import { errorText } from './error-text.ts';
import { useCounterSync } from './counter-sync.ts';
import { fmt, nameIn, type Strings } from './i18n.ts';
import { PanelHeader } from './PanelHeader.tsx';
import type { PanelProps } from './panel-props.ts';
import { ActionButton } from './workspace/ActionButton.tsx';
import { CallDialog } from './workspace/CallDialog.tsx';
import { NoShowDialog } from './workspace/NoShowDialog.tsx';
import { PauseDialog } from './workspace/PauseDialog.tsx';
import { QueueCard } from './workspace/QueueCard.tsx';
import { pausedText, resultMessage } from './workspace/result-message.ts';
import { TicketView } from './workspace/TicketView.tsx';
import { Toolbar, COMPACT } from './workspace/Toolbar.tsx';
import { TransferDialog } from './workspace/TransferDialog.tsx';
import { useShortcuts } from './workspace/use-shortcuts.ts';

/** A line the panel says, kept as words to be found so that it follows a change of language. */
type Said = ((t: Strings) => string) | null;

type Dialog =
  | { kind: 'transfer' }
  | { kind: 'pause' }
  | { kind: 'call'; ticketId: string | null }
  | { kind: 'no-show'; code: string }
  | null;

/** The clerk at an open counter: the current client, the actions, the queue; live. */
export function Workspace(
  props: PanelProps & {
    counter: Counter;
    counters: Counter[];
    categories: PublicCategory[];
    /** The counter was closed, or is no longer this clerk's; `byOffice` when not by their own action. */
    onLeft: (byOffice: boolean) => void;
  },
) {
  const { t, lang, compact } = props;
  const id = props.counter.id;
  const { detail, live, busy, act } = useCounterSync(id);
  const [message, setMessage] = useState<Said>(null);
  const [error, setError] = useState<Said>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [focusNext, setFocusNext] = useState<ActionKey | null>(null);

  // The clerk pressed "close" (a closed counter is then their own doing, not the office's).
  const closing = useRef(false);
  // Closed (by this clerk or, for them, by a supervisor), or no longer this clerk's.
  useEffect(() => {
    if (detail && (detail.counter.state === 'closed' || detail.counter.clerk?.id !== props.me.id))
      props.onLeft(!closing.current);
  }, [detail]);

  useEffect(() => {
    if (!focusNext || !detail) return;
    const active = document.activeElement;
    const onAction = !active || active === document.body || active.closest('.actions') !== null;
    const target = document.querySelector<HTMLButtonElement>(`[data-action="${focusNext}"]`);
    if (onAction && target && !target.disabled) target.focus();
    setFocusNext(null);
  }, [detail, focusNext]);

  const catName = (categoryId: string) => {
    const c = props.categories.find((x) => x.id === categoryId);
    return c ? nameIn(c.names, lang) : categoryId;
  };

  /** Runs one action; returns the error message, or null when it worked. */
  const run = async (path: ActionKey | 'resume' | 'close', body?: unknown): Promise<string | null> => {
    if (busy) return null;
    setError(null);
    closing.current = path === 'close';
    try {
      const r = await act(path, body);
      if (!r || path === 'close') return null;
      setMessage(() => (words: Strings) => resultMessage(words, path, r));
      setFocusNext(FOLLOW_UP[path]);
      return null;
    } catch (e) {
      closing.current = false;
      setMessage(null);
      setError(() => (words: Strings) => errorText(words, e));
      return errorText(t, e);
    }
  };

  // Until the first answer arrives, the counter from the list is enough to judge "next" and
  // "pause", so a key pressed the moment the panel opens is not lost.
  const known =
    detail ??
    (props.counter.currentTicketId === null
      ? { counter: props.counter, ticket: null, waiting: [], waitingCounts: [] }
      : null);
  const avail = known ? availability(known) : null;
  const paused = detail?.counter.state === 'paused';

  const trigger = (action: ActionKey, ticketId: string | null = null) => {
    if (busy) return;
    if (!avail?.[action]) {
      // A shortcut for an action that does not apply now says so instead of doing nothing.
      setMessage(null);
      setError(() => (words: Strings) => fmt(words.notNow, { action: actionLabel(words, action, paused) }));
      return;
    }
    if (action === 'transfer' || action === 'call') {
      // Dialogs need room: the toolbar opens the full view for them.
      if (compact) props.setCompact(false);
      setDialog(action === 'call' ? { kind: 'call', ticketId } : { kind: 'transfer' });
    } else if (action === 'no-show' && known?.ticket) {
      // Ending a visit takes a second, deliberate step (it fits the toolbar too).
      setDialog({ kind: 'no-show', code: known.ticket.code });
    } else if (action === 'pause') {
      if (paused) void run('resume');
      // The toolbar has no room for the reasons dialog: a quick pause there is a break.
      else if (compact) void run('pause', { reason: 'break' });
      else setDialog({ kind: 'pause' });
    } else {
      void run(action);
    }
  };
  useShortcuts(dialog === null, (action) => trigger(action));

  const counter = detail?.counter ?? props.counter;
  const ticket = detail?.ticket ?? null;
  const waiting = detail?.waiting ?? [];
  const buttons = (list: readonly ActionKey[], small: boolean) =>
    list.map((a) => (
      <ActionButton
        key={a}
        t={t}
        action={a}
        paused={paused}
        small={small}
        disabled={!avail?.[a] || busy}
        onTrigger={trigger}
      />
    ));
  const noShowDialog = dialog?.kind === 'no-show' && (
    <NoShowDialog
      t={t}
      code={dialog.code}
      onClose={() => setDialog(null)}
      onConfirm={() => {
        // Closed first, so that focus leaves the dialog and can move on to "next" after the answer.
        setDialog(null);
        void run('no-show');
      }}
    />
  );
  const announcements = (
    <>
      <p class="result" role="status" aria-live="polite">
        {message?.(t)}
      </p>
      <p class="error" role="alert">
        {error?.(t)}
      </p>
    </>
  );

  if (compact) {
    return (
      <Toolbar
        t={t}
        counter={counter}
        ticket={ticket}
        waitingCount={detail ? waitingTotal(detail) : 0}
        paused={paused}
        actions={buttons(COMPACT, true)}
        announcements={
          <>
            {announcements}
            {noShowDialog}
          </>
        }
        onExpand={() => props.setCompact(false)}
      />
    );
  }

  const closeDialogUnless = async (err: Promise<string | null>) => {
    const e = await err;
    if (!e) setDialog(null);
    return e;
  };
  return (
    <div class="page" data-screen="panel">
      <PanelHeader
        {...props}
        counter={counter}
        live={live}
        extra={
          <button type="button" class="btn" onClick={() => props.setCompact(true)}>
            {t.compactOn}
          </button>
        }
      />
      <main class="workspace">
        <h1 class="visually-hidden">
          {counter.name} – {t.panel}
        </h1>
        <section class="card actions-card" aria-labelledby="actions-h">
          <h2 id="actions-h">{t.actions}</h2>
          {paused && <p class="notice">{pausedText(t, counter.pauseReason)}</p>}
          <div class="actions">{buttons(ACTIONS, false)}</div>
          <p class="hint">{t.shortcutHint}</p>
          {announcements}
          <button type="button" class="btn" disabled={busy} onClick={() => void run('close')}>
            {t.closeCounter}
          </button>
        </section>

        <section class="card ticket-card" aria-labelledby="ticket-h">
          <h2 id="ticket-h">{t.currentTicket}</h2>
          {ticket ? (
            <TicketView t={t} ticket={ticket} category={catName(ticket.categoryId)} />
          ) : (
            <p>{t.noCurrentTicket}</p>
          )}
        </section>

        <QueueCard
          t={t}
          detail={detail}
          catName={catName}
          canCall={!!avail?.call && !busy}
          onCall={(ticketId) => trigger('call', ticketId)}
        />
      </main>

      {noShowDialog}
      {dialog?.kind === 'pause' && (
        <PauseDialog
          t={t}
          onClose={() => setDialog(null)}
          onConfirm={(reason) => closeDialogUnless(run('pause', { reason }))}
        />
      )}
      {dialog?.kind === 'transfer' && (
        <TransferDialog
          t={t}
          lang={lang}
          counterId={id}
          categories={props.categories}
          counters={props.counters}
          onClose={() => setDialog(null)}
          onConfirm={(body) => closeDialogUnless(run('transfer', body))}
        />
      )}
      {dialog?.kind === 'call' && (
        <CallDialog
          t={t}
          waiting={waiting}
          catName={catName}
          initial={dialog.ticketId}
          onClose={() => setDialog(null)}
          onConfirm={(ticketId, reasonCode) => closeDialogUnless(run('call', { ticketId, reasonCode }))}
        />
      )}
    </div>
  );
}
