import type {
  DisplayCall,
  DisplayClientEvents,
  DisplayServerEvents,
  DisplaySnapshot,
  QueueChanged,
} from '@numerek/shared';
import { PROTOCOL_OUTDATED, PROTOCOL_VERSION, RECONNECT, TRANSPORTS } from '@numerek/shared/constants';
import { io, type Socket } from 'socket.io-client';

export type ConnectionStatus = 'connecting' | 'online' | 'offline' | 'revoked';

export interface ConnectionHandlers {
  /** The connection's state; the page says it in its own words (the server's message is never shown). */
  status(s: ConnectionStatus): void;
  snapshot(s: DisplaySnapshot): void;
  /** A call or recall; return false when its `prev` shows a missed delta (the connection then resyncs). */
  call(e: DisplayCall): boolean;
  /** New waiting counts (state, never a gap). */
  queue(e: QueueChanged): void;
}

const RELOAD_KEY = 'numerek.display.reloadedAt';

/**
 * The display's socket: connects with the protocol version and the device token (WebSocket first,
 * so any server process may answer), reconnects on its own, and asks for a fresh snapshot whenever
 * a delta's `prev` shows that one was missed. An outdated page
 * reloads itself (at most once a minute, in case the server is older than the page).
 */
export function connectDisplay(token: string | null, on: ConnectionHandlers): () => void {
  // An unpaired display of a server with several offices picks one with `?office=<id>`.
  const officeId = new URLSearchParams(window.location.search).get('office');
  const socket: Socket<DisplayServerEvents, DisplayClientEvents> = io('/display', {
    auth: { protocol: PROTOCOL_VERSION, ...(token ? { token } : officeId ? { officeId } : {}) },
    ...RECONNECT,
    ...TRANSPORTS,
  });

  const resync = () => {
    socket
      .timeout(5000)
      .emitWithAck('sync:request')
      .then((r) => {
        if (r.ok) on.snapshot(r.data);
      })
      .catch(() => socket.disconnect().connect());
  };

  socket.on('connect', () => on.status('online'));
  socket.on('queue:snapshot', (s) => on.snapshot(s));
  socket.on('ticket:called', (e) => {
    if (!on.call(e)) resync();
  });
  socket.on('ticket:recalled', (e) => {
    if (!on.call(e)) resync();
  });
  socket.on('queue:changed', (e) => on.queue(e));
  // The server said it is restarting: when the connection drops, try again at once.
  let restarting = false;
  socket.on('server:restarting', () => {
    restarting = true;
  });
  socket.on('disconnect', (reason) => {
    on.status('offline');
    if (restarting) {
      restarting = false;
      socket.connect();
      return;
    }
    // The server ended this connection on purpose (e.g. the display was revoked): try again,
    // and let the handshake say why if it is refused.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), 2000);
  });
  socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
    if (error.message === PROTOCOL_OUTDATED) {
      const last = Number(sessionStorage.getItem(RELOAD_KEY) ?? 0);
      if (Date.now() - last > 60_000) {
        sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
        window.location.reload();
        return;
      }
    }
    const code = error.data?.code;
    if (code === 'device-revoked' || code === 'device-invalid' || code === 'forbidden') {
      on.status('revoked');
      // A refused handshake is not retried by socket.io; ask again now and then.
      setTimeout(() => socket.connect(), 30_000);
      return;
    }
    on.status('offline');
    // Too many screens behind this display's router: a place frees up when one of them closes.
    if (code === 'too-many-connections') setTimeout(() => socket.connect(), 10_000 + Math.random() * 20_000);
  });
  return () => {
    socket.disconnect();
  };
}
