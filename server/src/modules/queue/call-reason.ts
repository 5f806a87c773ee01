import type { CallDecision, CallTicketFacts } from '@numerek/shared';

/**
 * The English sentence for a call's decision, sent as `reason` for the API's integrators and
 * written to the log. Made from the decision's data only, so it says no more than the data: a
 * ticket's class and weight, never why it has priority. The apps never show it; they render
 * the decision in the reader's language.
 */
export function describeDecision(d: CallDecision): string {
  const reason = describeRule(d);
  return d.ticket.bookedFor === undefined ? reason : `booked for ${d.ticket.bookedFor}; ${reason}`;
}

function describeRule(d: CallDecision): string {
  const withScore = d.rule === 'score';
  const own = `${classLabel(d.ticket)}, waited ${minutes(d.ticket)} min`;
  switch (d.rule) {
    case 'max_wait': {
      const several = (d.overMaxWait ?? 1) > 1 ? ` (oldest of ${d.overMaxWait} over their maximum wait)` : '';
      return `${own}, passed the maximum wait of ${num(d.maxWaitMinutes ?? 0)} min${several}${ahead(d.other, false)}`;
    }
    case 'priority_cap': {
      const n = d.priorityCallsInRow ?? 0;
      return `${own}, called after ${n} priority call${n === 1 ? '' : 's'} in a row${ahead(d.other, false)}`;
    }
    case 'strict':
    case 'score': {
      const lead = withScore ? `${own}, score ${num(d.ticket.score)}` : `${own}, strict priority order`;
      return d.other === null
        ? `${lead}, the only ticket waiting for this counter`
        : `${lead}${ahead(d.other, withScore)}`;
    }
    case 'chosen': {
      const tail =
        d.other === null
          ? 'the policy would have called it too'
          : `the policy would have called ${d.other.code}`;
      return `chosen by the clerk (reason: ${d.reasonCode ?? 'other'}); ${tail}`;
    }
  }
}

function num(x: number): string {
  return String(Math.round(x * 100) / 100);
}

function classLabel(t: CallTicketFacts): string {
  return t.weight > 1 ? `priority ×${num(t.weight)}` : 'regular';
}

// The minutes as the decision gives them (one decimal), so that weight × minutes is the score.
function minutes(t: CallTicketFacts): string {
  return num(t.waitedMinutes);
}

function ahead(other: CallTicketFacts | null, withScore: boolean): string {
  if (other === null) return '';
  const base = `, ahead of ${classLabel(other)} ${other.code} that waited ${minutes(other)} min`;
  return withScore ? `${base} (score ${num(other.score)})` : base;
}
