import type {
  CallReasonCode,
  Counter,
  CounterActionResult,
  CounterDetail,
  PauseReason,
  PublicCategory,
  StaffTicket,
  TransferBody,
} from '@numerek/shared';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  ACTIONS,
  FOLLOW_UP,
  SHORTCUTS,
  actionForKey,
  actionLabel,
  availability,
  queueSummary,
  type ActionKey,
} from './actions.ts';
import { api, messageOf } from './api.ts';
import type { PanelProps } from './ClerkPanel.tsx';
import { CALL_REASON_LIST, PAUSE_REASON_LIST, fmt, nameIn, type Strings } from './i18n.ts';
import { connectLive, type LiveStatus } from './live.ts';
import { Field, Modal } from './Modal.tsx';
import { PanelHeader } from './PanelHeader.tsx';

type Dialog = { kind: 'transfer' } | { kind: 'pause' } | { kind: 'call'; ticketId: string | null } | null;

/** Actions that fit the compact toolbar: the ones without a dialog, plus pause. */
const COMPACT: readonly ActionKey[] = ['next', 'recall', 'start', 'finish', 'no-show', 'pause'];

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName));

/** The clerk at an open counter: the current client, the actions, the queue; live. */
export function Workspace(
  props: PanelProps & {
    counter: Counter;
    counters: Counter[];
    categories: PublicCategory[];
    onLeft: () => void;
  },
) {
  const { t, lang, compact } = props;
  const id = props.counter.id;
  const [detail, setDetail] = useState<CounterDetail | null>(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [live, setLive] = useState<LiveStatus>('connecting');
  const [focusNext, setFocusNext] = useState<ActionKey | null>(null);
  // A ref, not state: a double click arrives before the re-render that would disable the button.
  const inFlight = useRef(false);
  const fetching = useRef<Promise<void> | null>(null);
  const again = useRef(false);

  const refetch = useCallback(async (): Promise<void> => {
    // Deltas come in bursts (a call changes the counter and the queue): one request at a time,
    // and one more afterwards if anything arrived meanwhile.
    if (fetching.current) {
      again.current = true;
      return fetching.current;
    }
    const run = async () => {
      do {
        again.current = false;
        try {
          setDetail(await api<CounterDetail>('GET', `/api/counters/${id}`));
        } catch {
          // A 401 is handled globally; anything else is retried on the next delta or tick.
        }
      } while (again.current);
    };
    fetching.current = run().finally(() => {
      fetching.current = null;
    });
    return fetching.current;
  }, [id]);

  useEffect(() => {
    void refetch();
    const stop = connectLive('/counter', id, {
      status: setLive,
      changed: () => void refetch(),
      expired: () => void api('GET', '/api/auth/me').catch(() => undefined),
    });
    // Waiting times grow even when nothing happens.
    const tick = setInterval(() => void refetch(), 30_000);
    return () => {
      stop();
      clearInterval(tick);
    };
  }, [id, refetch]);

  // Someone else closed this counter, or it is no longer this clerk's.
  useEffect(() => {
    if (detail && (detail.counter.state === 'closed' || detail.counter.clerk?.id !== props.me.id))
      props.onLeft();
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
    if (inFlight.current) return null;
    inFlight.current = true;
    setBusy(true);
    setError('');
    let ok = false;
    try {
      const r = await api<CounterActionResult>('POST', `/api/counters/${id}/${path}`, body);
      ok = true;
      if (path === 'close') {
        props.onLeft();
        return null;
      }
      // The answer already tells the counter's new state, so the next key press is judged on
      // it at once; the waiting list follows with the refetch.
      setDetail((d) =>
        d ? { ...d, counter: r.counter, ticket: r.counter.currentTicketId ? r.ticket : null } : d,
      );
      setMessage(resultMessage(t, path, r));
      setFocusNext(FOLLOW_UP[path]);
      return null;
    } catch (e) {
      const m = messageOf(e);
      setMessage('');
      setError(m);
      return m;
    } finally {
      inFlight.current = false;
      setBusy(false);
      if (ok) void refetch();
    }
  };

  // Until the first answer arrives, the counter from the list is enough to judge "next" and
  // "pause", so a key pressed the moment the panel opens is not lost.
  const known =
    detail ??
    (props.counter.currentTicketId === null ? { counter: props.counter, ticket: null, waiting: [] } : null);
  const avail = known ? availability(known) : null;
  const paused = detail?.counter.state === 'paused';

  const trigger = (action: ActionKey, ticketId: string | null = null) => {
    if (inFlight.current) return;
    if (!avail?.[action]) {
      // A shortcut for an action that does not apply now says so instead of doing nothing.
      setMessage('');
      setError(fmt(t.notNow, { action: actionLabel(t, action, paused) }));
      return;
    }
    if (action === 'transfer' || action === 'call') {
      // Dialogs need room: the toolbar opens the full view for them.
      if (compact) props.setCompact(false);
      setDialog(action === 'call' ? { kind: 'call', ticketId } : { kind: 'transfer' });
    } else if (action === 'pause') {
      if (paused) void run('resume');
      // The toolbar has no room for the reasons dialog: a quick pause there is a break.
      else if (compact) void run('pause', { reason: 'break' });
      else setDialog({ kind: 'pause' });
    } else {
      void run(action);
    }
  };

  const onKey = useRef<(e: KeyboardEvent) => void>(() => undefined);
  onKey.current = (e: KeyboardEvent) => {
    if (e.ctrlKey || e.altKey || e.metaKey || e.repeat || dialog || isTyping(e.target)) return;
    const action = actionForKey(e.key);
    if (!action) return;
    e.preventDefault();
    trigger(action);
  };
  useEffect(() => {
    const h = (e: KeyboardEvent) => onKey.current(e);
    document.addEventListener('keydown', h);
    return () => document.removeEventListener('keydown', h);
  }, []);

  const counter = detail?.counter ?? props.counter;
  const ticket = detail?.ticket ?? null;
  const waiting = detail?.waiting ?? [];

  const button = (action: ActionKey, small = false) => (
    <button
      key={action}
      type="button"
      class={`btn action ${action === 'next' ? 'primary' : ''} ${small ? 'small' : ''}`}
      data-action={action}
      aria-keyshortcuts={SHORTCUTS[action]}
      disabled={!avail?.[action] || busy}
      onClick={() => trigger(action)}
      title={small ? actionLabel(t, action, paused) : undefined}
    >
      <kbd>{SHORTCUTS[action]}</kbd> <span>{actionLabel(t, action, paused, small)}</span>
    </button>
  );

  const announcements = (
    <>
      <p class="result" role="status" aria-live="polite">
        {message}
      </p>
      <p class="error" role="alert">
        {error}
      </p>
    </>
  );

  if (compact) {
    return (
      <main class="compact" data-screen="toolbar" aria-label={`${counter.name} – ${t.compactOn}`}>
        <div class="compact-status">
          {/* The label says which counter; the line keeps its width for the client. */}
          <span class="compact-info">
            <span class="code">{ticket ? ticket.code : '—'}</span>
            {ticket?.priority && <span class="badge">{t.priority}</span>}
            {ticket?.interpreter && <span class="badge">PJM</span>}
            <span>
              {t.waitingCount}: {waiting.length}
            </span>
            {paused && (
              <span class="badge">{fmt(t.paused, { reason: reasonText(t, counter.pauseReason) })}</span>
            )}
          </span>
          <button type="button" class="btn small" onClick={() => props.setCompact(false)}>
            {t.compactOff}
          </button>
        </div>
        <div class="actions compact-actions">{COMPACT.map((a) => button(a, true))}</div>
        <div class="compact-messages">{announcements}</div>
      </main>
    );
  }

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
          {paused && <p class="notice">{fmt(t.paused, { reason: reasonText(t, counter.pauseReason) })}</p>}
          <div class="actions">{ACTIONS.map((a) => button(a))}</div>
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

        <section class="card queue-card" aria-labelledby="queue-h">
          <h2 id="queue-h">{t.queue}</h2>
          {detail && (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t.ticketCategory}</th>
                  <th scope="col">{t.waitingCount}</th>
                  <th scope="col">{t.longestWait}</th>
                </tr>
              </thead>
              <tbody>
                {queueSummary(detail).map((q) => (
                  <tr key={q.categoryId}>
                    <th scope="row">{catName(q.categoryId)}</th>
                    <td>{q.waiting}</td>
                    <td>
                      {q.longestMinutes === null ? '—' : fmt(t.minutes, { n: Math.round(q.longestMinutes) })}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t.waitingList}</h3>
          {waiting.length === 0 ? (
            <p>{t.queueEmpty}</p>
          ) : (
            // A data table may scroll sideways on a narrow window or at 200 % (WCAG 1.4.10).
            <div class="table-wrap" tabIndex={0} role="region" aria-label={t.waitingList}>
              <table class="table waiting">
                <thead>
                  <tr>
                    <th scope="col">{t.ticket}</th>
                    <th scope="col">{t.ticketCategory}</th>
                    <th scope="col">{t.waited}</th>
                    <th scope="col">
                      <span class="visually-hidden">{t.callChosen}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {waiting.slice(0, 100).map((w) => (
                    <tr key={w.id}>
                      <th scope="row">
                        {w.code}
                        {w.priority && <span class="badge">{t.priority}</span>}
                        {w.interpreter && <span class="badge">PJM</span>}
                      </th>
                      <td>{catName(w.categoryId)}</td>
                      <td>{fmt(t.minutes, { n: Math.round(w.waitedMinutes) })}</td>
                      <td>
                        <button
                          type="button"
                          class="btn small"
                          disabled={!avail?.call || busy}
                          onClick={() => trigger('call', w.id)}
                        >
                          {t.callThis} <span class="visually-hidden">{w.code}</span>
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      </main>

      {dialog?.kind === 'pause' && (
        <PauseDialog
          t={t}
          onClose={() => setDialog(null)}
          onConfirm={async (reason) => {
            const err = await run('pause', { reason });
            if (!err) setDialog(null);
            return err;
          }}
        />
      )}
      {dialog?.kind === 'transfer' && (
        <TransferDialog
          t={t}
          lang={lang}
          categories={props.categories}
          counters={props.counters.filter((c) => c.id !== id)}
          onClose={() => setDialog(null)}
          onConfirm={async (body) => {
            const err = await run('transfer', body);
            if (!err) setDialog(null);
            return err;
          }}
        />
      )}
      {dialog?.kind === 'call' && (
        <CallDialog
          t={t}
          waiting={waiting}
          catName={catName}
          initial={dialog.ticketId}
          onClose={() => setDialog(null)}
          onConfirm={async (ticketId, reasonCode) => {
            const err = await run('call', { ticketId, reasonCode });
            if (!err) setDialog(null);
            return err;
          }}
        />
      )}
    </div>
  );
}

function reasonText(t: Strings, reason: PauseReason | null): string {
  return reason ? t.pauseReasons[reason] : '';
}

function resultMessage(t: Strings, path: ActionKey | 'resume', r: CounterActionResult): string {
  const code = r.ticket?.code ?? '';
  switch (path) {
    case 'next':
    case 'call':
      return r.ticket ? fmt(t.resCalled, { code }) : (r.reason ?? t.resNobody);
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

function TicketView(props: { t: Strings; ticket: StaffTicket; category: string }) {
  const { t, ticket } = props;
  return (
    <div class="ticket" data-ticket={ticket.code}>
      <p class="ticket-code">
        <span class="visually-hidden">{t.ticket} </span>
        {ticket.code}
      </p>
      <p class="ticket-state">
        {ticket.state === 'serving' ? t.stateServing : t.stateCalled}
        {ticket.recallCount > 0 && ` · ${fmt(t.recalls, { n: ticket.recallCount })}`}
      </p>
      {ticket.priority && <p class="badge big">{t.priority}</p>}
      {ticket.interpreter && <p class="badge big warn">{t.interpreter}</p>}
      <dl class="facts">
        <dt>{t.ticketCategory}</dt>
        <dd>{props.category}</dd>
        <dt>{t.waited}</dt>
        <dd>{fmt(t.minutes, { n: Math.round(ticket.waitedMinutes) })}</dd>
        {ticket.callReason && (
          <>
            <dt>{t.policyReason}</dt>
            <dd>{ticket.callReason}</dd>
          </>
        )}
        {ticket.note && (
          <>
            <dt>{t.transferNote}</dt>
            <dd class="note">{ticket.note}</dd>
          </>
        )}
      </dl>
    </div>
  );
}

function DialogButtons(props: { t: Strings; busy: boolean; onClose: () => void }) {
  return (
    <div class="dialog-buttons">
      <button type="submit" class="btn primary" disabled={props.busy}>
        {props.busy ? props.t.working : props.t.confirm}
      </button>
      <button type="button" class="btn" onClick={props.onClose}>
        {props.t.cancel}
      </button>
    </div>
  );
}

function useSubmit(onSubmit: () => Promise<string | null> | null) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const p = onSubmit();
    if (!p) return;
    setBusy(true);
    const err = await p;
    setBusy(false);
    setError(err ?? '');
  };
  return { busy, error, submit };
}

function PauseDialog(props: {
  t: Strings;
  onClose: () => void;
  onConfirm: (r: PauseReason) => Promise<string | null>;
}) {
  const { t } = props;
  const [reason, setReason] = useState<PauseReason>('break');
  const { busy, error, submit } = useSubmit(() => props.onConfirm(reason));
  return (
    <Modal title={t.pauseTitle} onClose={props.onClose}>
      <form onSubmit={submit} class="form">
        <fieldset class="checks">
          <legend>{t.pauseTitle}</legend>
          {PAUSE_REASON_LIST.map((r) => (
            <label key={r} class="check">
              <input
                type="radio"
                name="reason"
                value={r}
                checked={reason === r}
                onChange={() => setReason(r)}
              />
              <span>{t.pauseReasons[r]}</span>
            </label>
          ))}
        </fieldset>
        <p class="error" role="alert">
          {error}
        </p>
        <DialogButtons t={t} busy={busy} onClose={props.onClose} />
      </form>
    </Modal>
  );
}

function TransferDialog(props: {
  t: Strings;
  lang: PanelProps['lang'];
  categories: PublicCategory[];
  counters: Counter[];
  onClose: () => void;
  onConfirm: (b: TransferBody) => Promise<string | null>;
}) {
  const { t } = props;
  const [categoryId, setCategoryId] = useState('');
  const [counterId, setCounterId] = useState('');
  const [note, setNote] = useState('');
  const [targetError, setTargetError] = useState('');
  const { busy, error, submit } = useSubmit(() => {
    if (!categoryId && !counterId) {
      setTargetError(t.transferNeedsTarget);
      return null;
    }
    setTargetError('');
    return props.onConfirm({
      ...(categoryId ? { categoryId } : {}),
      ...(counterId ? { counterId } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  });
  return (
    <Modal title={t.transferTitle} onClose={props.onClose}>
      <form onSubmit={submit} class="form" noValidate>
        <Field label={t.toCategory} error={targetError}>
          {(f) => (
            <select
              id={f.id}
              name="categoryId"
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={categoryId}
              onChange={(e) => setCategoryId(e.currentTarget.value)}
            >
              <option value="">{t.sameCategory}</option>
              {props.categories.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.prefix} – {nameIn(c.names, props.lang)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t.toCounter}>
          {(f) => (
            <select
              id={f.id}
              name="counterId"
              value={counterId}
              onChange={(e) => setCounterId(e.currentTarget.value)}
            >
              <option value="">{t.anyCounter}</option>
              {props.counters.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t.note}>
          {(f) => (
            <textarea
              id={f.id}
              name="note"
              maxLength={500}
              rows={3}
              value={note}
              onInput={(e) => setNote(e.currentTarget.value)}
            />
          )}
        </Field>
        <p class="error" role="alert">
          {error}
        </p>
        <DialogButtons t={t} busy={busy} onClose={props.onClose} />
      </form>
    </Modal>
  );
}

function CallDialog(props: {
  t: Strings;
  waiting: StaffTicket[];
  catName: (id: string) => string;
  initial: string | null;
  onClose: () => void;
  onConfirm: (ticketId: string, reason: CallReasonCode) => Promise<string | null>;
}) {
  const { t } = props;
  const [ticketId, setTicketId] = useState(props.initial ?? props.waiting[0]?.id ?? '');
  const [reason, setReason] = useState<CallReasonCode | ''>('');
  const [errors, setErrors] = useState<{ ticket?: string; reason?: string }>({});
  const { busy, error, submit } = useSubmit(() => {
    const next = {
      ...(ticketId ? {} : { ticket: t.chooseTicketFirst }),
      ...(reason ? {} : { reason: t.chooseReason }),
    };
    setErrors(next);
    if (!ticketId || !reason) return null;
    return props.onConfirm(ticketId, reason);
  });
  return (
    <Modal title={t.callTitle} onClose={props.onClose}>
      <form onSubmit={submit} class="form" noValidate>
        <Field label={t.chooseTicket} error={errors.ticket}>
          {(f) => (
            <select
              id={f.id}
              name="ticketId"
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={ticketId}
              onChange={(e) => setTicketId(e.currentTarget.value)}
            >
              {props.waiting.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.code} – {props.catName(w.categoryId)} –{' '}
                  {fmt(t.minutes, { n: Math.round(w.waitedMinutes) })}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t.reasonCode} error={errors.reason}>
          {(f) => (
            <select
              id={f.id}
              name="reasonCode"
              required
              aria-describedby={f.describedBy}
              aria-invalid={f.invalid}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value as CallReasonCode | '')}
            >
              <option value="">—</option>
              {CALL_REASON_LIST.map((r) => (
                <option key={r} value={r}>
                  {t.callReasons[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p class="error" role="alert">
          {error}
        </p>
        <DialogButtons t={t} busy={busy} onClose={props.onClose} />
      </form>
    </Modal>
  );
}
