import type { ErrorBody, ErrorCode } from '@numerek/shared';
import { IDEMPOTENCY_KEY_HEADER } from '@numerek/shared/constants';
import { newIdempotencyKey, withRetries } from '@numerek/shared/idempotency';

/** The server answered with an error body; `field` is the body field a 400 names, if any. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();

/**
 * Called whenever the server says the session is gone (401 on any request but sign-in), so the
 * app can return to the sign-in screen from wherever it is.
 */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

export function notifyUnauthenticated(): void {
  for (const l of unauthenticatedListeners) l();
}

// The server's validation messages read `Invalid "names.pl" in the body: …`; the quoted path
// lets a form show the message next to the field it is about.
const FIELD = /^Invalid "([^"]+)"/;

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
export function isRetryable(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

/**
 * One JSON request to the API with the session cookie. Every POST carries a JSON body (the server
 * refuses an empty one), so actions without a payload send `{}`. A clerk's action (one press of a
 * button or shortcut) gets a fresh Idempotency-Key and is retried with it when the answer is lost,
 * so a retried "next" never calls a second client.
 */
export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  if (!isIdempotentAction(method, url)) return request<T>(method, url, body, null);
  const key = newIdempotencyKey();
  return withRetries(() => request<T>(method, url, body, key), isRetryable, ACTION_RETRY_DELAYS_MS);
}

async function request<T>(method: string, url: string, body: unknown, key: string | null): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: {
        ...(method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' }),
        ...(key === null ? {} : { [IDEMPOTENCY_KEY_HEADER]: key }),
      },
      body: method === 'GET' || method === 'DELETE' ? null : JSON.stringify(body ?? {}),
      ...(key === null ? {} : { signal: AbortSignal.timeout(ACTION_TIMEOUT_MS) }),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Brak połączenia z serwerem. Sprawdź sieć i spróbuj ponownie.');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page, say: reported below by its status.
    data = null;
  }
  if (!res.ok) {
    const err = (data as Partial<ErrorBody> | null)?.error;
    const message = err?.message ?? `Serwer odpowiedział błędem ${res.status}.`;
    const code: ErrorCode = err?.code ?? 'INTERNAL';
    if (res.status === 401 && url !== '/api/auth/login') notifyUnauthenticated();
    throw new ApiError(res.status, code, message, FIELD.exec(message)?.[1] ?? null);
  }
  return data as T;
}

/** The message of any thrown value, for an error line. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
