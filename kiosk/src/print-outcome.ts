import type { IssuedTicket } from '@numerek/shared';
import type { Dispatch, StateUpdater } from 'preact/hooks';
import { useEffect } from 'preact/hooks';
import { ApiError, KioskApi, isUnreachable } from './api.ts';
import type { KioskState } from './model.ts';

/** Pause before asking again whether the ticket printed, after the server could not be reached. */
const PRINT_RETRY_MS = 2_000;

/**
 * A ticket shown while its print is pending (`ticketId`, else null): asks the server until the
 * outcome is known, and puts it on the ticket in the kiosk's state.
 */
export function usePrintOutcome(
  token: string | null,
  ticketId: string | null,
  setState: Dispatch<StateUpdater<KioskState>>,
): void {
  useEffect(() => {
    if (!ticketId || !token) return;
    const client = new KioskApi(token);
    let stopped = false;
    const settle = (print: IssuedTicket['print']) =>
      setState((s) => (s.ticket?.id === ticketId ? { ...s, ticket: { ...s.ticket, print } } : s));
    void (async () => {
      while (!stopped) {
        try {
          const print = await client.print(ticketId);
          if (stopped || print.state === 'pending') continue;
          settle(print);
          return;
        } catch (error) {
          if (stopped) return;
          // The server does not know the print (revoked, or another kiosk's): say it did not print.
          if (error instanceof ApiError && !isUnreachable(error))
            return settle({ state: 'failed', reason: 'error' });
          await new Promise((r) => setTimeout(r, PRINT_RETRY_MS));
        }
      }
    })();
    return () => {
      stopped = true;
    };
  }, [ticketId, token, setState]);
}
