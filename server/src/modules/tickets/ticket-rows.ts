import type { Language } from '@numerek/shared';
import type { NewTicket, TicketRow } from './ticket.repository.ts';

/** Codes are the prefix and a zero-padded number: A017, RD105, A1000. */
export function ticketCode(prefix: string, number: number): string {
  return `${prefix}${String(number).padStart(3, '0')}`;
}

interface Wait {
  minMinutes: number;
  maxMinutes: number;
}

/** A ticket just issued at a kiosk or by staff: waiting, in its category's queue from now. */
export function issuedTicket(t: {
  id: string;
  officeId: string;
  categoryId: string;
  prefix: string;
  serviceDay: string;
  number: number;
  weight: number;
  language: Language;
  interpreter: boolean;
  estimate: Wait;
  by: { deviceId: string | null; userId: string | null };
  now: number;
  /** A booking's check-in: the ticket waits from its slot's start. */
  slotAt?: number;
}): NewTicket {
  return {
    id: t.id,
    office_id: t.officeId,
    category_id: t.categoryId,
    service_day: t.serviceDay,
    number: t.number,
    code: ticketCode(t.prefix, t.number),
    priority_weight: t.weight,
    state: 'waiting',
    target_counter_id: null,
    parent_ticket_id: null,
    note: null,
    language: t.language,
    issued_at: t.now,
    queued_at: t.slotAt ?? t.now,
    estimate_min: t.estimate.minMinutes,
    estimate_max: t.estimate.maxMinutes,
    issued_by_device_id: t.by.deviceId,
    issued_by_user_id: t.by.userId,
    interpreter_requested: t.interpreter ? 1 : 0,
    booked: t.slotAt === undefined ? 0 : 1,
  };
}

/**
 * The ticket that continues `parent` after a transfer (docs/decisions/0003): the same code, and
 * the place by the original issue time, in the new category or at the chosen counter, with the
 * note for the next clerk.
 */
export function transferredTicket(
  parent: TicketRow,
  to: { id: string; categoryId: string; targetCounterId: string | null; note: string | null },
  estimate: Wait,
  byUserId: string,
  now: number,
): NewTicket {
  return {
    id: to.id,
    office_id: parent.office_id,
    category_id: to.categoryId,
    service_day: parent.service_day,
    number: parent.number,
    code: parent.code,
    priority_weight: parent.priority_weight,
    state: 'waiting',
    target_counter_id: to.targetCounterId,
    parent_ticket_id: parent.id,
    note: to.note,
    language: parent.language,
    issued_at: now,
    queued_at: parent.queued_at,
    estimate_min: estimate.minMinutes,
    estimate_max: estimate.maxMinutes,
    issued_by_device_id: null,
    issued_by_user_id: byUserId,
    interpreter_requested: parent.interpreter_requested,
    booked: parent.booked,
  };
}
