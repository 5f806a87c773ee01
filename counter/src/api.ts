import type { ErrorBody, ErrorCode } from '@numerek/shared';

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

/**
 * One JSON request to the API with the session cookie. Every POST carries a JSON body (the server
 * refuses an empty one), so actions without a payload send `{}`.
 */
export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: method === 'GET' || method === 'DELETE' ? {} : { 'content-type': 'application/json' },
      body: method === 'GET' || method === 'DELETE' ? null : JSON.stringify(body ?? {}),
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
