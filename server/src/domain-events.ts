import type { ConfigEntity, PrinterState } from '@numerek/shared';
import { EventBus } from './lib/event-bus.ts';

/**
 * Facts the services record inside the write that causes them (`ctx.events.add`, see
 * db/outbox.ts); every node publishes them on its bus once they are committed, in each office's
 * order. The realtime gateway maps them to rooms.
 */
export interface DomainEvents {
  'ticket.issued': { officeId: string; ticketId: string; categoryId: string };
  'ticket.called': {
    officeId: string;
    ticketId: string;
    /** The ticket's category, so that whoever announces the call need not look it up. */
    categoryId: string;
    code: string;
    counterId: string;
    calledAt: number;
    recall: boolean;
  };
  'ticket.changed': { officeId: string; ticketId: string; state: string; counterId: string | null };
  'counter.changed': { officeId: string; counterId: string };
  'config.changed': {
    officeId: string;
    entity: ConfigEntity;
    id: string;
  };
  /** A staff member signed out: sockets opened with that session close at once. */
  'session.ended': { officeId: string; userId: string };
  /** A kiosk's ticket did not print; the kiosk shows it on screen, the console is told. */
  'ticket.not-printed': {
    officeId: string;
    ticketCode: string;
    kiosk: string;
    printerName: string | null;
    reason: string;
    at: number;
  };
  /** A printer's state changed; `alert` when staff must act (paper, cover, offline, no answer). */
  'printer.status': {
    officeId: string;
    printerId: string;
    name: string;
    state: PrinterState;
    at: number;
    alert: boolean;
  };
  /** A print job for a print agent was stored: the process the agent is connected to sends it. */
  'print-job.queued': { officeId: string; agentId: string; jobId: string };
  /** A print job settled (printed, failed or expired): whoever waits for it reads its outcome. */
  'print-job.settled': { officeId: string; jobId: string };
  /**
   * Bookings of these days (the office's dates) were made, moved, cancelled or marked as no-shows:
   * whoever shows the booked slots reads them again. (A check-in is a `ticket.issued`.)
   */
  'bookings.changed': { officeId: string; days: string[] };
}

export type DomainEventName = keyof DomainEvents & string;

/**
 * Facts that change only an office's queue: its tickets, counters, print jobs, printers'
 * states and bookings. Another node's fact of this kind leaves what a node keeps of people, sessions, devices
 * and other offices as it was (see Outbox.onBehind); any other fact drops every cache.
 */
export const QUEUE_FACTS: ReadonlySet<DomainEventName> = new Set<DomainEventName>([
  'ticket.issued',
  'ticket.called',
  'ticket.changed',
  'counter.changed',
  'ticket.not-printed',
  'printer.status',
  'print-job.queued',
  'print-job.settled',
  'bookings.changed',
]);

/** Where a published fact stands: its office's stream number, and whether this node wrote it. */
export interface EventMeta {
  /** The office's stream position of this fact (1, 2, 3, … per office, no gaps, in commit order). */
  seq: number;
  /** Written by another node: copies of database state kept here may be out of date. */
  remote: boolean;
}

export type DomainBus = EventBus<DomainEvents, EventMeta>;
export const createDomainBus = (): DomainBus => new EventBus<DomainEvents, EventMeta>();
