import { MemoryPrinter } from '@numerek/hardware';
import type { DeviceKind } from '@numerek/shared';
import type { LightMyRequestResponse } from 'fastify';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp } from '../app.ts';
import type { PrinterFactory } from '../modules/printers/printer.service.ts';
import type { RealtimeOptions } from '../realtime/realtime.gateway.ts';
import { loadConfig, type Config } from '../config/config.ts';
import { connectDatabase, type Db, type StorageTarget } from '../db/database.ts';
import { dropDatabase } from './postgres-server.ts';
import { testDatabaseTarget } from './test-database.ts';
import type { SqlParams } from '../db/sql.ts';
import type { App } from '../http/types.ts';
import { fakeClock, type FakeClock } from '../lib/clock.ts';
import { addDays, localTime, zonedInstant } from '../lib/office-time.ts';
import { backupName } from '../modules/backup/backup-file.ts';
import { seedIfEmpty, type SeedReport } from '../seed/sample-office.ts';

/** Who a test request comes from (`central`: the installation's central administrator). */
export type Who = 'anonymous' | 'kiosk' | 'display' | 'clerk' | 'clerk2' | 'supervisor' | 'admin' | 'central';
export const EVERYONE: readonly Who[] = [
  'anonymous',
  'kiosk',
  'display',
  'clerk',
  'clerk2',
  'supervisor',
  'admin',
  'central',
];

export { addDays };

/** The sample office's time zone, in which the test days below are named. */
export const OFFICE_TZ = 'Europe/Warsaw';

/**
 * The Monday of next week (1 to 7 days after the real date, as a Warsaw service day). Tests run
 * on this day rather than on a fixed date, so that a browser, a cookie or a file time, which live
 * in real time, never find the test's day months in the past or the future.
 */
export const MONDAY = nextMonday(Date.now());

/** 09:00 in Warsaw on {@link MONDAY}, as an ISO instant: where the test app's clock starts. */
export const MONDAY_9AM = atOfficeTime(MONDAY, '09:00');

/** The ISO instant of a Warsaw wall-clock time on a day, e.g. `atOfficeTime(addDays(MONDAY, 1), '15:00')`. */
export function atOfficeTime(day: string, hhmm: string): string {
  return new Date(zonedInstant(day, hhmm, OFFICE_TZ)).toISOString();
}

/** The file name of a backup made when the test app's clock reads {@link MONDAY_9AM}. */
export const MONDAY_9AM_BACKUP = backupName(Date.parse(MONDAY_9AM), new Set());

function nextMonday(nowMs: number): string {
  const today = localTime(nowMs, OFFICE_TZ);
  return addDays(today.date, 8 - today.weekday);
}

export interface TestApp {
  app: App;
  /** The database under the app; tests ask it through `db.value`/`db.all`, which both engines answer. */
  db: Db;
  /** Where that database is (other nodes of a test installation open it again). */
  target: StorageTarget;
  clock: FakeClock;
  printer: MemoryPrinter;
  config: Config;
  dataDir: string;
  seed: SeedReport;
  officeId: string;
  /** Category ids by prefix (A, R, P, M, F, I). */
  category: Record<string, string>;
  /** Counter ids by number (1–6). */
  counter: Record<number, string>;
  priorityGroupId: string;
  userId: Record<'clerk' | 'clerk2' | 'supervisor' | 'admin' | 'central', string>;
  request(who: Who, method: string, url: string, body?: unknown): Promise<LightMyRequestResponse>;
  headers(who: Who): Record<string, string>;
  /**
   * A new account made by the administrator, signed in, with `password` chosen by its user (an
   * account made by someone else must choose its own password before anything else works).
   */
  addStaff(
    username: string,
    role: 'clerk' | 'supervisor' | 'admin',
    password: string,
  ): Promise<{ id: string; cookie: string }>;
  /** A new device in the sample office, paired: its id and its own token. */
  newDevice(kind: DeviceKind, name: string): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

export const PASSWORD_COST = { N: 2 ** 10 };

/** The names of the database's tables (the engine's own bookkeeping left out), in order. */
export async function tableNames(db: Db): Promise<string[]> {
  return column<string>(
    db,
    db.engine === 'sqlite'
      ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
      : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
}

/** The first column of every row of a query, for assertions on what is stored. */
export async function column<V = unknown>(db: Db, sql: string, params?: SqlParams): Promise<V[]> {
  return (await db.all<Record<string, V>>(sql, params)).map((r) => Object.values(r)[0] as V);
}

/** The one-time code of a pairing link (the part after `#pair=`). */
export function pairingCodeOf(pairingUrl: string): string {
  return pairingUrl.slice(pairingUrl.indexOf('#pair=') + '#pair='.length);
}
export const ADMIN_PASSWORD = 'admin-password';
/** The central administrator of the test app: `centrala`, with a password of their own choosing. */
export const CENTRAL_USERNAME = 'centrala';
export const CENTRAL_PASSWORD = 'central-password';
const SUPERVISOR_PASSWORD = 'supervisor-password';

/**
 * The whole app over a real SQLite file in a temporary folder, with the sample office, a fake
 * clock and the memory printer; sessions for every role and tokens for both device kinds, and a
 * central administrator (`centrala`) signed in beside the office's staff.
 */
export async function createTestApp(
  opts: {
    now?: string;
    env?: Record<string, string>;
    file?: string;
    serveApps?: boolean;
    printerFactory?: PrinterFactory;
    /** Receives every log line (set LOG_LEVEL in `env`: the test app is silent by default). */
    logStream?: { write(line: string): void };
    /**
     * The app's scrypt cost for signing in and new passwords (default: a quick test cost). The
     * sample office's accounts keep the quick cost either way, so that setting up stays fast.
     */
    passwordCost?: { N: number };
    realtime?: RealtimeOptions;
    /** Where the data lives (default: a SQLite file in the test's folder); see test-database.ts. */
    target?: StorageTarget;
  } = {},
): Promise<TestApp> {
  const dataDir = opts.file ? path.dirname(opts.file) : mkdtempSync(path.join(tmpdir(), 'numerek-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD,
    ISSUE_RATE_PER_MINUTE: '1000000',
    LOGIN_RATE_PER_MINUTE: '1000000',
    // The fake printers of the tests listen on loopback.
    PRINTER_ALLOW_LOCAL: 'true',
    ...opts.env,
  });
  // SQLite by default; the `tests-pg` project runs the same tests on a fresh PostgreSQL database.
  const target: StorageTarget =
    opts.target ?? (opts.file ? { engine: 'sqlite', file: opts.file } : await testDatabaseTarget(dataDir));
  const db = await connectDatabase(target);
  const clock = fakeClock(opts.now ?? MONDAY_9AM);
  const printer = new MemoryPrinter();
  const app = await buildApp({
    config,
    db,
    clock,
    printer,
    passwordCost: opts.passwordCost ?? PASSWORD_COST,
    serveApps: opts.serveApps ?? false,
    ...(opts.printerFactory ? { printerFactory: opts.printerFactory } : {}),
    ...(opts.logStream ? { logStream: opts.logStream } : {}),
    ...(opts.realtime ? { realtime: opts.realtime } : {}),
  });
  const seed = await seedIfEmpty(app.services, config, PASSWORD_COST);
  if (!seed) throw new Error('the test database was not empty');

  /** Uses a pairing link once, as the device does, and answers the device's own token. */
  const pair = async (pairingUrl: string): Promise<string> => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/devices/pair',
      payload: { code: pairingCodeOf(pairingUrl) },
    });
    if (res.statusCode !== 200) throw new Error(`pairing with ${pairingUrl} failed: ${res.body}`);
    return res.json<{ token: string }>().token;
  };
  const token = (kind: string) => pair(seed.devices.find((d) => d.kind === kind)?.pairingUrl ?? '');
  const cookies: Partial<Record<Who, string>> = {};
  const login = async (username: string, password: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.body}`);
    const c = res.cookies.find((k) => k.name === 'numerek_session');
    return `numerek_session=${c?.value ?? ''}`;
  };
  /** Signs in with a password set by someone else and chooses `chosen`, as its user must. */
  const loginChoosing = async (username: string, given: string, chosen: string) => {
    const cookie = await login(username, given);
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie },
      payload: { currentPassword: given, newPassword: chosen },
    });
    if (res.statusCode !== 200) throw new Error(`choosing a password for ${username} failed: ${res.body}`);
    return cookie;
  };
  cookies.admin = await login('admin', ADMIN_PASSWORD);
  const central = await app.services.users.createCentral({
    username: CENTRAL_USERNAME,
    password: CENTRAL_PASSWORD,
    displayName: 'Administrator centralny',
    passwordChangeRequired: false,
  });
  cookies.central = await login(CENTRAL_USERNAME, CENTRAL_PASSWORD);
  const addStaff = async (
    username: string,
    role: 'clerk' | 'supervisor' | 'admin',
    password: string,
    displayName?: string,
  ) => {
    const given = `given-${password}`;
    const created = await app.inject({
      method: 'POST',
      url: '/api/admin/users',
      headers: { cookie: cookies.admin ?? '' },
      payload: { username, password: given, role, ...(displayName ? { displayName } : {}) },
    });
    if (created.statusCode !== 201) throw new Error(`creating ${username} failed: ${created.body}`);
    return { id: created.json<{ id: string }>().id, cookie: await loginChoosing(username, given, password) };
  };
  cookies.supervisor = (
    await addStaff('kierownik', 'supervisor', SUPERVISOR_PASSWORD, 'Ewa Kierownik')
  ).cookie;
  // The sample clerks' passwords were generated, so each chooses one at first sign-in; tests sign
  // in with the chosen ones, which `seed.clerks` holds from here on.
  const clerks = seed.clerks.map((c) => ({ username: c.username, password: `chosen-${c.password}` }));
  const [c1, c2] = clerks;
  const [g1, g2] = seed.clerks;
  if (!c1 || !c2 || !g1 || !g2) throw new Error('the sample office has no clerks');
  cookies.clerk = await loginChoosing(c1.username, g1.password, c1.password);
  cookies.clerk2 = await loginChoosing(c2.username, g2.password, c2.password);
  const tokens = { kiosk: await token('kiosk'), display: await token('display') };

  const headers = (who: Who): Record<string, string> => {
    if (who === 'anonymous') return {};
    if (who === 'kiosk' || who === 'display') return { authorization: `Bearer ${tokens[who]}` };
    return { cookie: cookies[who] ?? '' };
  };
  const request = (who: Who, method: string, url: string, body?: unknown) =>
    app.inject({
      method: method as 'GET',
      url,
      headers: headers(who),
      ...(body === undefined ? {} : { payload: body as object }),
    });

  const officeId = (await app.services.offices.list())[0]?.id ?? '';
  const category = Object.fromEntries(
    (await app.services.categories.list(officeId)).map((c) => [c.prefix, c.id]),
  );
  const counter = Object.fromEntries(
    (await app.services.counters.list(officeId)).map((c) => [c.number, c.id]),
  );
  const users = await app.services.users.list(officeId);
  const priorityGroupId = (await app.services.priorityGroups.list(officeId))[0]?.id ?? '';
  const idOf = (username: string) => users.find((u) => u.username === username)?.id ?? '';
  return {
    app,
    db,
    target,
    clock,
    printer,
    config,
    dataDir,
    seed: { ...seed, clerks },
    officeId,
    category,
    counter,
    priorityGroupId,
    userId: {
      clerk: idOf(c1.username),
      clerk2: idOf(c2.username),
      supervisor: idOf('kierownik'),
      admin: idOf('admin'),
      central: central.id,
    },
    request,
    headers,
    addStaff: (username, role, password) => addStaff(username, role, password),
    newDevice: async (kind, name) => {
      const res = await request('supervisor', 'POST', '/api/admin/devices', { kind, name });
      if (res.statusCode !== 201) throw new Error(`creating ${kind} ${name} failed: ${res.body}`);
      const { id, pairingUrl } = res.json<{ id: string; pairingUrl: string }>();
      return { id, token: await pair(pairingUrl) };
    },
    close: async () => {
      await app.close();
      await db.close();
      if (target.engine === 'postgres') await dropDatabase(target.url).catch(() => undefined);
      if (!opts.file) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
