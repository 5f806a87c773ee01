import { tableNames, type TestApp } from '@numerek/server/testing';
import { SESSION_COOKIE } from '@numerek/shared';
import {
  DISPLAY_CLIENT_EVENTS,
  DISPLAY_SERVER_EVENTS,
  STAFF_CLIENT_EVENTS,
  STAFF_SERVER_EVENTS,
} from '@numerek/shared/events';

/**
 * Every row of every table, sorted: two equal snapshots mean nothing was written. Sessions are
 * left out when `withSessions` is false, since signing in writes one by design. Request limits
 * are left out: on PostgreSQL every limited request, refused or not, is counted in the database.
 * So is when each device was last seen: a device whose token works is seen, whatever it asks.
 */
export async function databaseSnapshot(t: TestApp, opts: { withSessions?: boolean } = {}): Promise<string> {
  const parts: string[] = [];
  for (const name of await tableNames(t.db)) {
    if (opts.withSessions === false && name === 'sessions') continue;
    if (name === 'rate_limits') continue;
    const rows = (await t.db.all<Record<string, unknown>>(`SELECT * FROM "${name}"`)).map((r) =>
      name === 'devices' ? { ...r, last_seen_at: null } : r,
    );
    parts.push(
      `${name}\n${rows
        .map((r) => JSON.stringify(r))
        .sort()
        .join('\n')}`,
    );
  }
  return parts.join('\n\n');
}

/** Signs a member of staff in and returns the `Cookie` header of the new session. */
export async function signIn(t: TestApp, username: string, password: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`signing in ${username} failed: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  return `${SESSION_COOKIE}=${cookie?.value ?? ''}`;
}

export type Namespace = '/display' | '/counter' | '/console';

/** Client → server events per namespace, from the shared lists. */
export const CLIENT_EVENTS = {
  '/display': DISPLAY_CLIENT_EVENTS,
  '/counter': STAFF_CLIENT_EVENTS,
  '/console': STAFF_CLIENT_EVENTS,
} as const;

/** Server → client events each namespace may send, from the shared lists. */
export const SERVER_EVENTS = {
  '/display': DISPLAY_SERVER_EVENTS,
  '/counter': STAFF_SERVER_EVENTS,
} as const;
