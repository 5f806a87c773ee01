import type { DevicePaired, ErrorBody, ErrorCode } from '@numerek/shared';

const KEY = 'numerek.display.token';
const CODE_KEY = 'numerek.display.pairingCode';
const RETRY_MS = 5_000;

/**
 * Takes the one-time code of a pairing link (`#pair=<code>`) out of the address bar (so it is
 * neither bookmarked nor shown) and keeps it until it is used. Returns the code waiting, if any.
 */
export function takePairingCode(
  loc: Location = window.location,
  storage: Storage = window.localStorage,
): string | null {
  const m = /(?:^#|&)pair=([^&]+)/.exec(loc.hash);
  if (m?.[1]) {
    storage.setItem(CODE_KEY, decodeURIComponent(m[1]));
    window.history.replaceState(null, '', `${loc.pathname}${loc.search}`);
  }
  return storage.getItem(CODE_KEY);
}

/** What the display connects with after pairing, and why a link was refused, if it was. */
export interface Pairing {
  /** The display's own token: a new one, or the one it had; null for an unpaired display. */
  token: string | null;
  refused: ErrorCode | null;
}

/**
 * Uses a waiting pairing code once for the display's own token, which replaces the one it had.
 * While the server cannot be reached (or is busy) it tries again every few seconds; a refused code
 * (used, expired, unknown) is forgotten, and the display keeps the token it had.
 */
export async function pairDisplay(
  signal: AbortSignal,
  storage: Storage = window.localStorage,
): Promise<Pairing> {
  for (;;) {
    const code = storage.getItem(CODE_KEY);
    if (!code || signal.aborted) return { token: storage.getItem(KEY), refused: null };
    let res: Response | null = null;
    try {
      res = await fetch('/api/devices/pair', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code }),
        cache: 'no-store',
        signal,
      });
    } catch {
      // Unreachable: try again below.
    }
    if (res && res.status < 500 && res.status !== 429) {
      storage.removeItem(CODE_KEY);
      if (res.ok) {
        const { token } = (await res.json()) as DevicePaired;
        storage.setItem(KEY, token);
        return { token, refused: null };
      }
      const body = (await res.json().catch(() => null)) as ErrorBody | null;
      return { token: storage.getItem(KEY), refused: body?.error.code ?? 'PAIRING_CODE_UNKNOWN' };
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
}
