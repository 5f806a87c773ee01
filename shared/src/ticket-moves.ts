import type { TicketEventType, TicketState } from './constants.ts';

/**
 * What a clerk may do with the ticket at their counter: the states a move starts from, the state
 * it leaves the ticket in, the event it writes to the ticket's log, and whether it frees the
 * counter for the next client. The server enforces this table; the clerk panel reads it to offer
 * only the moves that can work (the server has the last word).
 *
 * Calling a ticket (`next`, or a chosen one) is not here: it needs a free, open counter and takes
 * a waiting ticket, which the queue policy chooses.
 */
export interface TicketMove {
  from: readonly TicketState[];
  to: TicketState;
  event: TicketEventType;
  releasesCounter: boolean;
}

export const TICKET_MOVES = {
  recall: { from: ['called'], to: 'called', event: 'recalled', releasesCounter: false },
  start: { from: ['called'], to: 'serving', event: 'started', releasesCounter: false },
  finish: { from: ['serving'], to: 'finished', event: 'finished', releasesCounter: true },
  'no-show': { from: ['called'], to: 'no_show', event: 'no_show', releasesCounter: true },
  transfer: { from: ['called', 'serving'], to: 'transferred', event: 'transferred', releasesCounter: true },
} as const satisfies Record<string, TicketMove>;

export type TicketMoveName = keyof typeof TICKET_MOVES;

/** Whether `move` can be made on a ticket in `state` (null: no ticket at the counter). */
export function canMove(move: TicketMoveName, state: TicketState | null): boolean {
  return state !== null && (TICKET_MOVES[move].from as readonly TicketState[]).includes(state);
}
