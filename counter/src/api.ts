import type { SessionEndReason } from '@numerek/shared';
import { ApiClient, ApiError, isUnreachable } from '@numerek/shared/client';

/** The server answered with an error body, or did not answer (status 0, code `NETWORK`). */
export { ApiError };

/** Hears that the session is gone, and why when the server said (`session_expired` otherwise). */
type Listener = (why: SessionEndReason) => void;
const unauthenticatedListeners = new Set<Listener>();

/**
 * Called whenever the server says the session is gone (401 on any request but sign-in, or
 * `session:expired` on the live stream), so the app can return to the sign-in screen from
 * wherever it is and say why.
 */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export function notifyUnauthenticated(why: SessionEndReason = 'session_expired'): void {
  for (const l of unauthenticatedListeners) l(why);
}

/**
 * What a panel or console does when its live stream says the session ended: an account switched
 * off is signed out with that said at once; otherwise the server is asked, which answers 401 (and
 * the app signs out) unless the stream was wrong about this page's session.
 */
export function sessionEnded(why: SessionEndReason): void {
  if (why === 'account_deactivated') notifyUnauthenticated(why);
  else void api('GET', '/api/auth/me').catch(() => undefined);
}

/** Actions the server does at most once per Idempotency-Key: issuing and every counter action. */
const IDEMPOTENT = /^\/api\/(?:tickets|counters\/[^/?]+\/[a-z-]+)$/;
/** How long one attempt of an action may take before it is retried. */
export const ACTION_TIMEOUT_MS = 8_000;
/** Pauses before the retries of one press; then the panel shows the error. */
export const ACTION_RETRY_DELAYS_MS: readonly number[] = [300, 1_000];

/** Whether a POST to `url` is sent with an Idempotency-Key and retried when the answer is lost. */
export function isIdempotentAction(method: string, url: string): boolean {
  return method === 'POST' && IDEMPOTENT.test(url);
}

/** Lost on the way (network, timeout) or failed on the server: the same press may be sent again. */
export const isRetryable = isUnreachable;

const client = new ApiClient({
  onUnauthenticated: (url) => {
    if (url !== '/api/auth/login') notifyUnauthenticated();
  },
  describe: (status) =>
    status === 0
      ? 'Brak połączenia z serwerem. Sprawdź sieć i spróbuj ponownie.'
      : `Serwer odpowiedział błędem ${status}.`,
});

/**
 * One JSON request to the API with the session cookie. Every POST carries a JSON body (the server
 * refuses an empty one), so actions without a payload send `{}`. A clerk's action (one press of a
 * button or shortcut) gets a fresh Idempotency-Key and is retried with it when the answer is lost,
 * so a retried "next" never calls a second client.
 */
export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  if (!isIdempotentAction(method, url)) return client.json<T>(method, url, { body });
  return client.action<T>(method, url, body, {
    timeoutMs: ACTION_TIMEOUT_MS,
    retryDelaysMs: ACTION_RETRY_DELAYS_MS,
  });
}
