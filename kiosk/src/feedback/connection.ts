import type {
  ErrorCode,
  FeedbackClientEvents,
  FeedbackServerEvents,
  FeedbackState,
  SurveyAsk,
} from '@numerek/shared';
import { PROTOCOL_OUTDATED, PROTOCOL_VERSION, RECONNECT } from '@numerek/shared/constants';
import { DevicePairing } from '@numerek/shared/pairing';
import { io, type Socket } from 'socket.io-client';

const RETRY_MS = 5_000;
const RELOAD_KEY = 'numerek.feedback.reloadedAt';

/** The tablet's token and a pairing link's code waiting to be used, in the browser's storage. */
export const tabletPairing = (): DevicePairing => new DevicePairing('feedback', window.localStorage);

/**
 * Uses a waiting pairing code once for the tablet's own token (which replaces the one it had),
 * trying again every few seconds while the server cannot be reached. Answers the token the tablet
 * has then, and why a link was refused, if it was.
 */
export async function pairTablet(
  signal: AbortSignal,
): Promise<{ token: string | null; refused: ErrorCode | null }> {
  const device = tabletPairing();
  for (;;) {
    const code = device.waitingCode();
    if (!code || signal.aborted) return { token: device.token(), refused: null };
    try {
      const outcome = await device.use(code, signal);
      return 'token' in outcome
        ? { token: outcome.token, refused: null }
        : { token: device.token(), refused: outcome.refused };
    } catch {
      // Unreachable or busy: the code is kept; try again below.
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}

export type TabletLink = 'connecting' | 'online' | 'offline' | 'revoked';

export interface TabletHandlers {
  /** The connection's state; the tablet says it in its own words (the server's message is never shown). */
  link(s: TabletLink): void;
  state(s: FeedbackState): void;
  ask(a: SurveyAsk): void;
}

/**
 * The tablet's socket on `/feedback`: connects with the protocol version and the device token,
 * reconnects on its own, and hears its state and each question. An outdated page reloads itself
 * (at most once a minute).
 */
export function connectTablet(token: string, on: TabletHandlers): () => void {
  const socket: Socket<FeedbackServerEvents, FeedbackClientEvents> = io('/feedback', {
    auth: { protocol: PROTOCOL_VERSION, token },
    ...RECONNECT,
  });
  socket.on('connect', () => on.link('online'));
  socket.on('feedback:state', (s) => on.state(s));
  socket.on('survey:ask', (a) => on.ask(a));
  socket.on('disconnect', (reason) => {
    on.link('offline');
    // The server ended this connection on purpose (say the tablet was revoked): try again, and
    // let the handshake say why if it is refused.
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
      on.link('revoked');
      // A refused handshake is not retried by socket.io; ask again now and then.
      setTimeout(() => socket.connect(), 30_000);
      return;
    }
    on.link('offline');
    if (code === 'too-many-connections') setTimeout(() => socket.connect(), 10_000 + Math.random() * 20_000);
  });
  return () => {
    socket.disconnect();
  };
}
