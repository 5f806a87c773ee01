import { PROTOCOL_VERSION, RECONNECT } from '@numerek/shared';
import { io, type Socket } from 'socket.io-client';
import type { FirstStartSecrets, ServerProcess } from './server-process.ts';
import { ADMIN_PASSWORD } from './server-process.ts';

/** Who sends a request: a staff session cookie, a device token, or nobody. */
export type Credentials = { cookie: string } | { token: string } | null;

export interface Reply<T = unknown> {
  status: number;
  body: T;
  /** The server repeated the stored answer of an earlier attempt with the same key. */
  replayed: boolean;
}

/**
 * The header that makes a retried action safe (docs/decisions/0011-idempotency-keys.md): the
 * kiosk and the clerk panel send a fresh key per press and the same key on every retry.
 */
const IDEMPOTENCY_KEY = 'Idempotency-Key';

/**
 * One HTTP request to the server with real fetch. A refused or reset connection (the server is
 * down) rejects, like it does for a kiosk or a clerk's browser.
 */
export async function request<T = unknown>(
  base: string,
  who: Credentials,
  method: string,
  url: string,
  body?: unknown,
  opts: { key?: string } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {};
  if (who && 'cookie' in who) headers.cookie = who.cookie;
  if (who && 'token' in who) headers.authorization = `Bearer ${who.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (opts.key !== undefined) headers[IDEMPOTENCY_KEY] = opts.key;
  const res = await fetch(`${base}${url}`, {
    method,
    headers,
    signal: AbortSignal.timeout(15_000),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    body: (text ? JSON.parse(text) : null) as T,
    replayed: res.headers.get('idempotent-replayed') === 'true',
  };
}

/**
 * Signs in and returns the session cookie (`numerek_session=…`). An account whose password was
 * generated or set by someone else chooses its own first, as its user must before working.
 */
export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('numerek_session='));
  const text = await res.text();
  if (res.status !== 200 || !cookie) throw new Error(`login ${username} failed: ${text}`);
  if ((JSON.parse(text) as { passwordChangeRequired?: boolean }).passwordChangeRequired) {
    const chosen = await request(base, { cookie }, 'POST', '/api/auth/password', {
      currentPassword: password,
      newPassword: `${password}-chosen`,
    });
    if (chosen.status !== 200)
      throw new Error(`${username} could not choose a password: ${JSON.stringify(chosen.body)}`);
  }
  return cookie;
}

/** The sample office as its staff and devices reach it. */
export interface Office {
  admin: { cookie: string };
  kiosk: { token: string };
  display: { token: string };
  /** One signed-in clerk per counter in `counters`, in the same order. */
  clerks: Array<{ cookie: string }>;
  /** Category ids by prefix (A, R, P, M, F, I). */
  category: Record<string, string>;
  /** Counter ids by number (1–6). */
  counter: Record<number, string>;
}

/**
 * Uses a pairing link (or its code) once, as the kiosk or TV does, and answers the device's own
 * token.
 */
export async function pairDevice(base: string, link: string): Promise<string> {
  const code = link.includes('#pair=') ? link.slice(link.indexOf('#pair=') + '#pair='.length) : link;
  const res = await request<{ token: string }>(base, null, 'POST', '/api/devices/pair', { code });
  if (res.status !== 200) throw new Error(`pairing with ${link} failed: ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/**
 * Signs in the administrator (ADMIN_PASSWORD) and the clerks the first start wrote down, pairs
 * the sample kiosk and display with their links (once: the links work only once), creates
 * more clerks through the API when `clerks` asks for more, and reads the office's categories and
 * counters from the API.
 */
export async function signInOffice(
  server: ServerProcess,
  secrets: FirstStartSecrets,
  clerks: number,
): Promise<Office> {
  const base = server.base;
  const admin = { cookie: await login(base, 'admin', ADMIN_PASSWORD) };
  const accounts = [...secrets.clerks];
  for (let i = accounts.length; i < clerks; i++) {
    const account = { username: `urzednik.${i + 1}`, password: `haslo-urzednika-${i + 1}` };
    const res = await request(base, admin, 'POST', '/api/admin/users', {
      ...account,
      role: 'clerk',
      displayName: `Urzędnik ${i + 1}`,
    });
    if (res.status !== 201)
      throw new Error(`creating ${account.username} failed: ${JSON.stringify(res.body)}`);
    accounts.push(account);
  }
  const cookies = [];
  for (const a of accounts.slice(0, clerks))
    cookies.push({ cookie: await login(base, a.username, a.password) });
  const categories = await request<Array<{ id: string; prefix: string }>>(
    base,
    admin,
    'GET',
    '/api/categories',
  );
  const counters = await request<Array<{ id: string; number: number }>>(base, admin, 'GET', '/api/counters');
  return {
    admin,
    kiosk: { token: await pairDevice(base, secrets.pairing.kiosk) },
    display: { token: await pairDevice(base, secrets.pairing.display) },
    clerks: cookies,
    category: Object.fromEntries(categories.body.map((c) => [c.prefix, c.id])),
    counter: Object.fromEntries(counters.body.map((c) => [c.number, c.id])),
  };
}

/** A seeded random generator, so that a failing run can be repeated with the seed it printed. */
export { seededRandom } from '../simulation/day-clients.ts';

/** The seed from NUMEREK_SEED, or a fresh one. */
export function runSeed(): number {
  const fromEnv = Number(process.env.NUMEREK_SEED);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Math.random() * 2 ** 31) + 1;
}

/** True when `npm run test:long` asked for the long forms of the reliability tests. */
export const LONG = process.env.NUMEREK_LONG === '1';

/**
 * A socket.io client that reconnects on its own with the apps' own timing (`RECONNECT`: at least
 * every 1.2 s), so what it shows after a restart is what a hall TV or a clerk panel would.
 */
export function connectReconnecting<S extends Socket = Socket>(
  base: string,
  nsp: '/display' | '/counter' | '/console',
  who: { token: string } | { cookie: string },
): S {
  return io(`${base}${nsp}`, {
    auth: { protocol: PROTOCOL_VERSION, ...('token' in who ? { token: who.token } : {}) },
    transports: ['websocket'],
    forceNew: true,
    ...RECONNECT,
    ...('cookie' in who ? { extraHeaders: { cookie: who.cookie } } : {}),
  }) as S;
}
