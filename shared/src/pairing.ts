/**
 * How a kiosk, a hall display or a print agent pairs: a pairing link (`…/#pair=<code>`) carries a one-time code,
 * which the device exchanges once for a token of its own and keeps (see
 * docs/decisions/0015-pairing-links.md). Light, like the client it uses.
 */
import { ApiClient, ApiError, isUnreachable } from './client.ts';
import type { DeviceKind } from './constants.ts';
import type { ErrorCode } from './errors.ts';
import type { DevicePaired } from './schemas/device.schema.ts';

/** The outcome of using a code: the device's new token, or why the server refused the code. */
export type PairingOutcome = { token: string } | { refused: ErrorCode };

/**
 * Whether the pairing route was not reached or was busy (no answer, a 5xx, or a 429 while it
 * throttles): the code is kept to use again. Any other refusal uses the code up.
 */
export function isPairingUnreachable(error: unknown): boolean {
  return isUnreachable(error) || (error instanceof ApiError && error.status === 429);
}

/** The part of the browser's `localStorage` a device keeps its pairing in. */
export interface PairingStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** The parts of the browser's `location` and `history` a pairing link is taken from. */
export interface AddressBar {
  location: { readonly hash: string; readonly pathname: string; readonly search: string };
  history: { replaceState(data: null, unused: string, url: string): void };
}

/** A device's pairing state in the browser's storage: its token and a code waiting to be used. */
export class DevicePairing {
  private readonly tokenKey: string;
  private readonly codeKey: string;

  /** `device` names the storage keys: `numerek.<device>.token` and `numerek.<device>.pairingCode`. */
  constructor(
    device: DeviceKind,
    private readonly storage: PairingStorage,
    private readonly client: ApiClient = new ApiClient(),
  ) {
    this.tokenKey = `numerek.${device}.token`;
    this.codeKey = `numerek.${device}.pairingCode`;
  }

  /**
   * Takes the code of a pairing link out of the address bar, so it is neither bookmarked nor shown
   * nor kept in the history, and keeps it until {@link use} has used it (the server may be
   * unreachable when the link is opened). Returns the code waiting to be used, if any.
   */
  takeCode({ location, history }: AddressBar): string | null {
    const match = /(?:^#|&)pair=([^&]+)/.exec(location.hash);
    if (match?.[1]) {
      this.storage.setItem(this.codeKey, decodeURIComponent(match[1]));
      history.replaceState(null, '', `${location.pathname}${location.search}`);
    }
    return this.waitingCode();
  }

  waitingCode(): string | null {
    return this.storage.getItem(this.codeKey);
  }

  /** The device's own token, if it has one. */
  token(): string | null {
    return this.storage.getItem(this.tokenKey);
  }

  forgetToken(): void {
    this.storage.removeItem(this.tokenKey);
  }

  /**
   * Uses a code once for the device's own token, which replaces the one it had. A refused code
   * (used, expired, unknown) is forgotten; while the server is unreachable, busy or throttling,
   * the {@link ApiError} is thrown and the code is kept to try again.
   */
  async use(code: string, signal?: AbortSignal): Promise<PairingOutcome> {
    try {
      const { token } = await this.client.json<DevicePaired>('POST', '/api/devices/pair', {
        body: { code },
        ...(signal ? { signal } : {}),
      });
      this.storage.removeItem(this.codeKey);
      this.storage.setItem(this.tokenKey, token);
      return { token };
    } catch (error) {
      if (!(error instanceof ApiError) || isPairingUnreachable(error)) throw error;
      this.storage.removeItem(this.codeKey);
      return { refused: error.code === 'NETWORK' ? 'PAIRING_CODE_UNKNOWN' : error.code };
    }
  }
}
