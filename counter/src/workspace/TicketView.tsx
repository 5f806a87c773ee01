import type { StaffTicket } from '@numerek/shared';
import { decisionText } from '../decision-text.ts';
import { fmt, type Strings } from '../i18n.ts';
import { calledWait } from '../wait-text.ts';

/** The client at the counter: code, state, flags, wait, why chosen and a transfer note. */
export function TicketView(props: { t: Strings; ticket: StaffTicket; category: string }) {
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
        <dd>{calledWait(t, ticket.waitedMinutes)}</dd>
        {ticket.callDecision && (
          <>
            <dt>{t.policyReason}</dt>
            <dd data-decision={ticket.callDecision.rule}>{decisionText(t, ticket.callDecision)}</dd>
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
