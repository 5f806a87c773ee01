import type { CallDecision, CallTicketFacts } from '@numerek/shared';
import { fmt, num, plural, type Strings } from './i18n.ts';

/**
 * A ticket's facts as a sentence's values: its code, minutes waited and score as the language
 * writes them. The minutes have one decimal, as the panel's "waited" shows them; the score is
 * weight × those minutes, which may need a second decimal.
 */
function facts(t: Strings, f: CallTicketFacts): Record<string, string> {
  return { code: f.code, waited: num(t, f.waitedMinutes), score: num(t, f.score, 2) };
}

/** Whether the called ticket is a priority one that went ahead of a regular ticket waiting longer. */
function passedRegular(d: CallDecision): boolean {
  return (
    d.other !== null &&
    d.ticket.weight > 1 &&
    d.other.weight === 1 &&
    d.other.waitedMinutes > d.ticket.waitedMinutes
  );
}

/**
 * Why the policy (or the clerk) called a ticket, in the reader's language, from the decision's
 * data alone: codes, minutes, scores and the rule, never why a ticket has priority.
 */
export function decisionText(t: Strings, d: CallDecision): string {
  const w = t.decision;
  const own = facts(t, d.ticket);
  const other = d.other ? facts(t, d.other) : null;
  const parts: string[] = [];
  switch (d.rule) {
    case 'score':
      parts.push(fmt(w.score, own));
      if (other) parts.push(fmt(passedRegular(d) ? w.scorePassed : w.scoreNext, other));
      break;
    case 'strict':
      parts.push(fmt(w.strict, own));
      if (other) parts.push(fmt(passedRegular(d) ? w.strictPassed : w.strictNext, other));
      break;
    case 'max_wait':
      parts.push(
        fmt(d.ticket.bookedFor === undefined ? w.maxWait : w.bookedMaxWait, {
          ...own,
          max: num(t, d.maxWaitMinutes ?? 0),
          time: d.ticket.bookedFor ?? '',
        }),
      );
      if ((d.overMaxWait ?? 1) > 1) parts.push(plural(t, d.overMaxWait ?? 1, w.overMaxWait));
      if (other) parts.push(fmt(w.maxWaitOther, other));
      break;
    case 'priority_cap':
      parts.push(plural(t, d.priorityCallsInRow ?? 0, w.priorityCap, own));
      if (other) parts.push(fmt(w.priorityCapOther, other));
      break;
    case 'chosen':
      parts.push(fmt(w.chosen, { reason: d.reasonCode ? t.callReasons[d.reasonCode] : '—' }));
      if (other) parts.push(fmt(w.chosenOther, other));
      break;
  }
  // A booked ticket waits from its slot: say so first, except where the rule's sentence says it.
  if (d.ticket.bookedFor !== undefined && d.rule !== 'max_wait')
    parts.unshift(fmt(w.booked, { time: d.ticket.bookedFor }));
  return parts.join(' ');
}
