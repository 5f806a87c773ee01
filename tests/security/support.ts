import type { TestApp } from '@numerek/server/testing';
import {
  SESSION_COOKIE,
  type DisplayClientEvents,
  type DisplayServerEvents,
  type StaffClientEvents,
  type StaffServerEvents,
} from '@numerek/shared';

/**
 * Every row of every table, sorted: two equal snapshots mean nothing was written. Sessions are
 * left out when `withSessions` is false, since signing in writes one by design.
 */
export function databaseSnapshot(t: TestApp, opts: { withSessions?: boolean } = {}): string {
  const tables = t.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return tables
    .filter((name) => opts.withSessions !== false || name !== 'sessions')
    .map((name) => {
      const rows = t.db.prepare(`SELECT * FROM "${name}"`).raw().all();
      return `${name}\n${rows
        .map((r) => JSON.stringify(r))
        .sort()
        .join('\n')}`;
    })
    .join('\n\n');
}

/** Signs a member of staff in and returns the `Cookie` header of the new session. */
export async function signIn(t: TestApp, username: string, password: string): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`signing in ${username} failed: ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE);
  return `${SESSION_COOKIE}=${cookie?.value ?? ''}`;
}

export type Namespace = '/display' | '/counter' | '/console';

/** Client → server events per namespace, as in the shared event maps. */
export const CLIENT_EVENTS = {
  '/display': ['sync:request'],
  '/counter': ['counter:subscribe', 'sync:request'],
  '/console': ['counter:subscribe', 'sync:request'],
} as const;

/** Server → client events each namespace may send. */
export const SERVER_EVENTS = {
  '/display': ['queue:snapshot', 'ticket:called', 'ticket:recalled', 'queue:changed'],
  '/counter': [
    'ticket:called',
    'ticket:recalled',
    'queue:changed',
    'counter:changed',
    'config:changed',
    'printer:status',
    'print:failed',
    'session:expired',
  ],
} as const;

// The tables above must name exactly the events of the shared maps: a new event fails the typecheck here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const covered: [
  Same<(typeof CLIENT_EVENTS)['/display'][number], keyof DisplayClientEvents>,
  Same<(typeof CLIENT_EVENTS)['/counter'][number], keyof StaffClientEvents>,
  Same<(typeof CLIENT_EVENTS)['/console'][number], keyof StaffClientEvents>,
  Same<(typeof SERVER_EVENTS)['/display'][number], keyof DisplayServerEvents>,
  Same<(typeof SERVER_EVENTS)['/counter'][number], keyof StaffServerEvents>,
] = [true, true, true, true, true];
