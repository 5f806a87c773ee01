import type { TicketRecord } from '@numerek/shared';
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { decisionText } from '../decision-text.ts';
import { errorText } from '../error-text.ts';
import { fmt, num } from '../i18n.ts';
import { dateTime, useWords } from './words.ts';
import { Field } from '../Modal.tsx';
import { Section, DataTable } from './forms.tsx';
import { labelOf } from './labels.ts';
import { ticketEventDetails } from './event-details.ts';
import { useNames } from './use-names.ts';
import { calledWait } from '../wait-text.ts';
import { visitLegs } from './ticket-visit.ts';

/** A ticket's code as printed on it (A017): looked up among today's tickets. */
const TICKET_CODE = /^[A-Z]{1,3}[0-9]{3,4}$/;

/**
 * A ticket's record, to answer "why was she served before me?": every event and the policy's
 * reason for each call. Looked up by today's code as printed (A017), or by the ticket's id (shown
 * in the audit log and in the QR link) for a ticket of any day.
 */
export function TicketPage(props: { ticketId: string | null }) {
  const words = useWords();
  const { lang, c } = words;
  const w = c.ticket;
  const [input, setInput] = useState(props.ticketId ?? '');
  // Every leg of the visit, first to last: a transfer continues the visit as a child ticket.
  const [legs, setLegs] = useState<TicketRecord[] | null>(null);
  // What went wrong, kept as data so that its words follow a change of language.
  const [error, setError] = useState<{ api: unknown } | { notToday: string } | 'id' | null>(null);
  const names = useNames();
  /** Who did it, from the recorded `kind:id`: a member of staff or a device by name, or the server itself. */
  const who = (actor: string): string => {
    const [kind, id] = actor.split(':');
    if (kind === 'user') return names.user(id ?? '') ?? '';
    if (kind === 'device') return names.device(id ?? '') ?? '';
    return c.audit.system;
  };

  useEffect(() => {
    setInput(props.ticketId ?? '');
    if (!props.ticketId) {
      setLegs(null);
      return;
    }
    let current = true;
    const read = (id: string) => api<TicketRecord>('GET', `/api/admin/tickets/${encodeURIComponent(id)}`);
    read(props.ticketId)
      .then((r) => visitLegs(r, (id) => read(id).catch(() => null)))
      .then(
        (all) => {
          if (!current) return;
          setLegs(all);
          setError(null);
        },
        (e: unknown) => {
          if (!current) return;
          setLegs(null);
          setError({ api: e });
        },
      );
    return () => {
      current = false;
    };
  }, [props.ticketId]);

  // Accepts today's ticket code as printed (A017), a bare id, or a status link that ends with it.
  const lookup = async (e: Event) => {
    e.preventDefault();
    const code = input.trim().toUpperCase();
    if (TICKET_CODE.test(code)) {
      try {
        const found = await api<TicketRecord>('GET', `/api/admin/tickets?code=${encodeURIComponent(code)}`);
        setError(null);
        location.hash = `#/console/ticket/${encodeURIComponent(found.ticket.id)}`;
      } catch (err) {
        setLegs(null);
        setError(err instanceof ApiError && err.code === 'NOT_FOUND' ? { notToday: code } : { api: err });
      }
      return;
    }
    const id = input.trim().split(/[/#=]/).filter(Boolean).at(-1) ?? '';
    if (!/^[A-Za-z0-9_-]+$/.test(id)) {
      setError('id');
      return;
    }
    location.hash = `#/console/ticket/${encodeURIComponent(id)}`;
  };

  const first = legs?.[0]?.ticket;
  // The facts of the visit are those of its last leg: where the client was last called and how it ended.
  const t = legs?.at(-1)?.ticket;
  const inChain = new Set(legs?.map((l) => l.ticket.id));
  const category = (id: string) => names.category(id) ?? c.ticket.details.gone;
  const errorLine =
    error === null
      ? ''
      : error === 'id'
        ? w.idInvalid
        : 'notToday' in error
          ? fmt(w.notToday, { code: error.notToday })
          : errorText(words.t, error.api);
  return (
    <>
      <Section title={w.find}>
        <form class="form inline-form" onSubmit={(e) => void lookup(e)} noValidate>
          <Field label={w.idLabel} error={errorLine}>
            {(f) => (
              <input
                id={f.id}
                name="ticketId"
                aria-describedby={f.describedBy}
                aria-invalid={f.invalid}
                value={input}
                onInput={(e) => setInput(e.currentTarget.value)}
              />
            )}
          </Field>
          <button type="submit" class="btn primary">
            {w.show}
          </button>
        </form>
      </Section>
      {t && first && legs && (
        <Section title={fmt(w.title, { code: t.code })}>
          <dl class="facts">
            <dt>{w.state}</dt>
            <dd data-state={t.state}>
              {legs.length > 1
                ? fmt(w.finalState, {
                    state: labelOf(words.t.ticketStates, t.state),
                    category: category(t.categoryId),
                  })
                : labelOf(words.t.ticketStates, t.state)}
            </dd>
            {legs.length > 1 && (
              <>
                <dt>{w.visit}</dt>
                <dd>{legs.map((l) => category(l.ticket.categoryId)).join(' → ')}</dd>
              </>
            )}
            <dt>{w.priority}</dt>
            <dd>{t.priority ? fmt(w.priorityYes, { weight: num(words.t, t.weight) }) : c.no}</dd>
            <dt>{w.issued}</dt>
            <dd>{dateTime(lang, first.issuedAt)}</dd>
            <dt>{w.called}</dt>
            <dd>{dateTime(lang, t.calledAt)}</dd>
            <dt>{w.waited}</dt>
            <dd>{calledWait(words.t, t.waitedMinutes)}</dd>
            <dt>{w.why}</dt>
            <dd data-decision={t.callDecision?.rule}>
              {t.callDecision ? decisionText(words.t, t.callDecision) : '—'}
            </dd>
            {t.note && (
              <>
                <dt>{w.note}</dt>
                <dd>{t.note}</dd>
              </>
            )}
            <dt>{w.interpreter}</dt>
            <dd>{legs.some((l) => l.ticket.interpreter) ? c.yes : c.no}</dd>
          </dl>
          <h3>{w.events}</h3>
          <DataTable label={w.eventsTable} columns={w.columns}>
            {legs
              .flatMap((l) => l.events)
              .map((ev, i) => {
                const d = ticketEventDetails(words, ev, names);
                return (
                  <tr key={i}>
                    <td>{dateTime(lang, ev.at)}</td>
                    <td>{labelOf(w.eventNames, ev.type)}</td>
                    <td>{who(ev.actor)}</td>
                    <td class="small-text" data-event={ev.type}>
                      {d.text}
                      {d.link && !inChain.has(d.link.ticketId) && (
                        <>
                          {' '}
                          <a href={`#/console/ticket/${encodeURIComponent(d.link.ticketId)}`}>
                            {d.link.label}
                          </a>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
          </DataTable>
        </Section>
      )}
    </>
  );
}
