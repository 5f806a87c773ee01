import type { CallDecision, PublicTicket, StaffTicket } from '@numerek/shared';
import { clockOf } from '../../lib/office-time.ts';
import type { TicketRow } from './ticket.repository.ts';
import type { WaitingTicket } from '../queue/queue-policy.ts';

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** The stored decision of the ticket's call, null before its call and for calls stored as text only. */
export function callDecisionOf(t: Pick<TicketRow, 'call_decision'>): CallDecision | null {
  // Written only by the server from a CallDecision (the column's CHECK keeps it JSON).
  return t.call_decision === null ? null : (JSON.parse(t.call_decision) as CallDecision);
}

/**
 * Minutes (one decimal) waited by `now` since joining the queue at `queuedAt`; 0 while that is
 * still ahead (a booked ticket checked in before its slot).
 */
export function minutesWaitedSince(queuedAt: number, now: number): number {
  return Math.round((Math.max(0, now - queuedAt) / 60_000) * 10) / 10;
}

/**
 * A ticket as staff see it: "priority" and its weight, never the group. With the office's time
 * zone (the counter's waiting list), a booked ticket says its slot's time.
 */
export function toStaffTicket(t: TicketRow, now: number, timeZone?: string): StaffTicket {
  const waitedUntil = t.called_at ?? now;
  const booked = t.booked === 1;
  return {
    id: t.id,
    code: t.code,
    categoryId: t.category_id,
    priority: t.priority_weight > 1,
    weight: t.priority_weight,
    state: t.state,
    language: t.language,
    counterId: t.counter_id,
    targetCounterId: t.target_counter_id,
    parentTicketId: t.parent_ticket_id,
    note: t.note,
    issuedAt: new Date(t.issued_at).toISOString(),
    queuedAt: new Date(t.queued_at).toISOString(),
    calledAt: iso(t.called_at),
    startedAt: iso(t.started_at),
    finishedAt: iso(t.finished_at),
    recallCount: t.recall_count,
    // A booked ticket waits from its slot, as the queue policy counts it: never less than 0.
    waitedMinutes: minutesWaitedSince(t.queued_at, waitedUntil),
    ...(booked && timeZone !== undefined ? { bookedFor: clockOf(t.queued_at, timeZone) } : {}),
    ...(booked && t.state === 'waiting' && now < t.queued_at ? { beforeSlot: true } : {}),
    callReason: t.call_reason,
    callDecision: callDecisionOf(t),
    estimatedWait: { minMinutes: t.estimate_min, maxMinutes: t.estimate_max },
    interpreter: t.interpreter_requested === 1,
  };
}

export function toWaitingTicket(t: TicketRow): WaitingTicket {
  return {
    id: t.id,
    code: t.code,
    categoryId: t.category_id,
    weight: t.priority_weight,
    queuedAt: t.queued_at,
    targetCounterId: t.target_counter_id,
    ...(t.booked === 1 ? { booked: true } : {}),
  };
}

export function toPublicTicket(
  t: TicketRow,
  live: { peopleAhead: number; estimatedWait: { minMinutes: number; maxMinutes: number } } | null,
  counter: PublicTicket['counter'],
  names: { category: PublicTicket['categoryNames']; office: string; timeZone: string },
  nobodyServing: boolean,
): PublicTicket {
  return {
    id: t.id,
    code: t.code,
    categoryId: t.category_id,
    state: t.state,
    language: t.language,
    issuedAt: new Date(t.issued_at).toISOString(),
    calledAt: iso(t.called_at),
    peopleAhead: live?.peopleAhead ?? null,
    estimatedWait: live?.estimatedWait ?? null,
    counter,
    nobodyServing,
    categoryNames: names.category,
    officeName: names.office,
    officeTimeZone: names.timeZone,
  };
}
