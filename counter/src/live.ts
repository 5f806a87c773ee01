import type {
  PROTOCOL_OUTDATED,
  PrinterStatusEvent,
  PrintFailedEvent,
  SessionEndReason,
  SessionExpired,
  StaffClientEvents,
  StaffServerEvents,
} from '@numerek/shared';
import { PROTOCOL_VERSION, RECONNECT, TRANSPORTS } from '@numerek/shared/constants';
import { STAFF_DELTAS } from '@numerek/shared/events';
import { io, type Socket } from 'socket.io-client';

export type LiveStatus = 'connecting' | 'online' | 'offline';

export interface LiveHandlers {
  status(s: LiveStatus): void;
  /**
   * Something changed: `seq` is the delta's number on the stream. Null after joining the stream
   * (again) or a gap in its numbers: a change may have been missed, and numbers known from
   * before may not follow on.
   */
  changed(seq: number | null): void;
  /** The session ended on the server (and why): return to sign-in. */
  expired(why: SessionEndReason): void;
  printer?(e: PrinterStatusEvent): void;
  /** A kiosk's ticket did not print (console only). */
  printFailed?(e: PrintFailedEvent): void;
}

type StaffSocket = Socket<StaffServerEvents, StaffClientEvents>;

// Typed against the protocol's constant, which lives beside its runtime schemas (not bundled here).
const OUTDATED: typeof PROTOCOL_OUTDATED = 'protocol-outdated';
const RELOAD_KEY = 'numerek.counter.reloadedAt';

/**
 * Follows the office live on `/counter` (one counter) or `/console` (the whole office). The deltas
 * only say that something changed, so the page refetches its state over HTTP instead of patching
 * it: one source of truth, and a missed delta (its successor's `prev` is past what was seen) or a
 * reconnect costs one refetch. A delta seen already (`seq` at or below the last) changes nothing.
 */
export function connectLive(
  namespace: '/counter' | '/console',
  counterId: string | null,
  on: LiveHandlers,
): () => void {
  const socket: StaffSocket = io(namespace, {
    auth: { protocol: PROTOCOL_VERSION },
    withCredentials: true,
    ...RECONNECT,
    ...TRANSPORTS,
  });
  let seq: number | null = null;

  // Joins the stream (or asks where it is), then fetches: nothing that happens after the fetch
  // can be missed, and a delta that raced it only costs one more fetch.
  const resync = () => {
    const ask = counterId
      ? socket.timeout(5000).emitWithAck('counter:subscribe', { counterId })
      : socket.timeout(5000).emitWithAck('sync:request');
    ask
      .then((r) => {
        if (r.ok) seq = r.data.seq;
      })
      .catch(() => undefined)
      .finally(() => on.changed(null));
  };

  socket.on('connect', () => {
    on.status('online');
    // Whatever happened while we were away is fetched once.
    resync();
  });

  for (const event of STAFF_DELTAS) {
    socket.on(event, (e: { seq: number; prev?: number }) => {
      if (event === 'queue:changed') {
        // State, not a delta: new waiting counts, unless read before what is shown.
        if (seq === null || e.seq >= seq) on.changed(e.seq);
        return;
      }
      // Seen already (perhaps from another server process before a reconnect): nothing to do.
      if (seq !== null && e.seq <= seq) return;
      const gap = seq !== null && (e.prev ?? 0) > seq;
      seq = e.seq;
      if (event === 'printer:status') on.printer?.(e as PrinterStatusEvent);
      if (event === 'print:failed') on.printFailed?.(e as PrintFailedEvent);
      if (gap) resync();
      else on.changed(e.seq);
    });
  }
  // An older server says nothing of why.
  socket.on('session:expired', (e?: SessionExpired) => on.expired(e?.reason ?? 'session_expired'));
  // The server said it is restarting: when the connection drops, try again at once.
  let restarting = false;
  socket.on('server:restarting', () => {
    restarting = true;
  });
  socket.on('disconnect', (reason) => {
    on.status('offline');
    seq = null;
    if (restarting) {
      restarting = false;
      socket.connect();
      return;
    }
    // The server closes the socket on purpose when the session ends; it says so with
    // session:expired first, so only other reasons are retried here.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 2000);
  });
  socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    // An outdated page reloads itself, at most once a minute in case the server is the older one.
    if (error.message === OUTDATED && Date.now() - Number(sessionStorage.getItem(RELOAD_KEY) ?? 0) > 60_000) {
      sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
      window.location.reload();
      return;
    }
    if (error.data?.code === 'unauthenticated') {
      on.expired('session_expired');
      return;
    }
    on.status('offline');
    // A refused handshake is not retried by socket.io on its own.
    if (error.data?.code) setTimeout(() => socket.connect(), 5000);
  });

  return () => {
    socket.removeAllListeners();
    socket.disconnect();
  };
}
