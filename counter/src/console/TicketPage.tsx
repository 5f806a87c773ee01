import type { TicketEventType, TicketRecord } from '@numerek/shared';
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from '../api.ts';
import { Field } from '../Modal.tsx';
import { Section, fmtTime, DataTable } from './forms.tsx';
import { labelOf } from './labels.ts';

const EVENT_NAMES: Record<TicketEventType, string> = {
  issued: 'wydany',
  called: 'wywołany',
  recalled: 'wywołany ponownie',
  started: 'obsługa rozpoczęta',
  finished: 'obsługa zakończona',
  no_show: 'nie podszedł',
  transferred: 'przekazany',
  transferred_in: 'przyjęty z przekazania',
  cancelled: 'anulowany',
};

/**
 * A ticket's record, to answer "why was she served before me?": every event and the policy's
 * reason for each call. Looked up by the ticket's id (shown in the audit log and in the QR link).
 */
export function TicketPage(props: { ticketId: string | null }) {
  const [input, setInput] = useState(props.ticketId ?? '');
  const [record, setRecord] = useState<TicketRecord | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    setInput(props.ticketId ?? '');
    if (!props.ticketId) {
      setRecord(null);
      return;
    }
    api<TicketRecord>('GET', `/api/admin/tickets/${encodeURIComponent(props.ticketId)}`).then(
      (r) => {
        setRecord(r);
        setError('');
      },
      (e: unknown) => {
        setRecord(null);
        setError(messageOf(e));
      },
    );
  }, [props.ticketId]);

  // Accepts a bare id or a status link that ends with it.
  const lookup = (e: Event) => {
    e.preventDefault();
    const id = input.trim().split(/[/#=]/).filter(Boolean).at(-1) ?? '';
    if (!/^[A-Za-z0-9_-]+$/.test(id)) {
      setError('Podaj identyfikator biletu (litery, cyfry, „-” i „_”) albo wklej link z kodu QR.');
      return;
    }
    location.hash = `#/console/ticket/${encodeURIComponent(id)}`;
  };

  const t = record?.ticket;
  return (
    <>
      <Section title="Znajdź bilet">
        <form class="form inline-form" onSubmit={lookup} noValidate>
          <Field label="Identyfikator biletu lub link z kodu QR" error={error}>
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
            Pokaż historię
          </button>
        </form>
      </Section>
      {t && record && (
        <Section title={`Bilet ${t.code}`}>
          <dl class="facts">
            <dt>Stan</dt>
            <dd>{t.state}</dd>
            <dt>Pierwszeństwo</dt>
            <dd>{t.priority ? `tak (waga ×${t.weight})` : 'nie'}</dd>
            <dt>Wydany</dt>
            <dd>{fmtTime(t.issuedAt)}</dd>
            <dt>Wywołany</dt>
            <dd>{fmtTime(t.calledAt)}</dd>
            <dt>Czekał(a)</dt>
            <dd>{Math.round(t.waitedMinutes)} min</dd>
            <dt>Dlaczego wywołany</dt>
            <dd>{t.callReason ?? '—'}</dd>
            {t.note && (
              <>
                <dt>Notatka przy przekazaniu</dt>
                <dd>{t.note}</dd>
              </>
            )}
            <dt>Tłumacz PJM</dt>
            <dd>{t.interpreter ? 'tak' : 'nie'}</dd>
          </dl>
          <h3>Zdarzenia</h3>
          <DataTable label="Zdarzenia biletu" columns={['Kiedy', 'Zdarzenie', 'Kto', 'Szczegóły']}>
            {record.events.map((ev, i) => (
              <tr key={i}>
                <td>{fmtTime(ev.at)}</td>
                <td>{labelOf(EVENT_NAMES, ev.type)}</td>
                <td>{ev.actor}</td>
                <td class="small-text">
                  {typeof ev.data.reason === 'string' ? (
                    ev.data.reason
                  ) : (
                    <code>{JSON.stringify(ev.data)}</code>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        </Section>
      )}
    </>
  );
}
