import type { ErrorCode } from '@numerek/shared';
import { DevicePairing } from '@numerek/shared/pairing';

const RETRY_MS = 5_000;

/** What the display connects with after pairing, and why a link was refused, if it was. */
export interface Pairing {
  /** The display's own token: a new one, or the one it had; null for an unpaired display. */
  token: string | null;
  refused: ErrorCode | null;
}

const pairing = (): DevicePairing => new DevicePairing('display', window.localStorage);

/**
 * Takes the one-time code of a pairing link (`#pair=<code>`) out of the address bar and keeps it
 * until it is used. Returns the code waiting, if any.
 */
export function takePairingCode(): string | null {
  return pairing().takeCode(window);
}

/**
 * Uses a waiting pairing code once for the display's own token, which replaces the one it had.
 * While the server cannot be reached (or is busy) it tries again every few seconds; a refused code
 * (used, expired, unknown) is forgotten, and the display keeps the token it had.
 */
export async function pairDisplay(signal: AbortSignal): Promise<Pairing> {
  const device = pairing();
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
