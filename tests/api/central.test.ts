import { CENTRAL_USERNAME, createTestApp, MONDAY, type TestApp, type Who } from '@numerek/server/testing';
import { testEngine } from '@numerek/server/testing/database';
import type { AuditEntry, Me, Office, OfficesReport, Report, User } from '@numerek/shared';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionCookie } from './support/sessions.ts';
import { connect, listen, refused } from '../realtime/support.ts';
import { addSecondOffice, type SecondOffice } from '../security/second-office.ts';

/**
 * The central administrator of a city's installation: creates offices and their administrators,
 * renames any office, reads any office's report and one across offices, and does nothing of an
 * office's daily work. Offices' administrators and supervisors see only their own office.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'server/src/modules/users/central-admin.cli.ts');
const MIN = 60_000;

let t: TestApp;
let b: SecondOffice;

beforeAll(async () => {
  t = await createTestApp();
  // Office B opens at 09:00: its kiosk issues two tickets and its clerk calls the first at once.
  b = await addSecondOffice(t, 'Urząd Dzielnicy Wola', 'wola');
});
afterAll(async () => t.close());

const ok = async (who: Who, method: string, url: string, body?: unknown, status = 200) => {
  const res = await t.request(who, method, url, body);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res;
};

const signIn = (username: string, password: string) => sessionCookie(t, username, password);

describe('the central administrator', () => {
  it('creates an office, makes its first administrator, and renames it', async () => {
    const badZone = await t.request('central', 'POST', '/api/admin/offices', {
      name: 'Urząd Dzielnicy Bemowo',
      timeZone: 'Mars/Olympus',
    });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', params: { field: 'timeZone' } },
    });

    const office = (
      await ok('central', 'POST', '/api/admin/offices', { name: 'Urząd Dzielnicy Bemowo' }, 201)
    ).json<Office>();
    expect(office).toMatchObject({ name: 'Urząd Dzielnicy Bemowo', timeZone: 'Europe/Warsaw' });
    const all = (await ok('central', 'GET', '/api/admin/offices')).json<Office[]>();
    expect(all.map((o) => o.id).sort()).toEqual([t.officeId, b.officeId, office.id].sort());
    expect((await ok('central', 'GET', `/api/admin/offices/${office.id}/admins`)).json()).toEqual([]);

    const admin = (
      await ok(
        'central',
        'POST',
        `/api/admin/offices/${office.id}/admins`,
        { username: 'bemowo.admin', password: 'given-password-1', displayName: 'Anna Bemowska' },
        201,
      )
    ).json<User>();
    expect(admin).toMatchObject({
      officeId: office.id,
      role: 'admin',
      username: 'bemowo.admin',
      active: true,
    });
    // A sign-in name is unique in the whole installation: taken here, or in another office.
    for (const username of ['bemowo.admin', 'anna.nowak', CENTRAL_USERNAME]) {
      const taken = await t.request('central', 'POST', `/api/admin/offices/${office.id}/admins`, {
        username,
        password: 'given-password-2',
      });
      expect(taken.statusCode, username).toBe(409);
      expect(taken.json()).toMatchObject({
        error: { code: 'ALREADY_EXISTS', params: { reason: 'username' } },
      });
    }
    const nowhere = await t.request('central', 'POST', '/api/admin/offices/no-such-office/admins', {
      username: 'nikt.admin',
      password: 'given-password-3',
    });
    expect(nowhere.statusCode).toBe(404);
    expect((await ok('central', 'GET', `/api/admin/offices/${office.id}/admins`)).json<User[]>()).toEqual([
      admin,
    ]);

    const renamed = await ok('central', 'PATCH', `/api/admin/offices/${office.id}`, {
      name: 'Urząd Dzielnicy Bemowo-Północ',
    });
    expect(renamed.json()).toMatchObject({ id: office.id, name: 'Urząd Dzielnicy Bemowo-Północ' });

    // The new administrator chooses a password, and finds their office empty and only theirs.
    const given = await signIn('bemowo.admin', 'given-password-1');
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: given } });
    expect(me.json<Me>()).toMatchObject({
      role: 'admin',
      officeId: office.id,
      officeName: 'Urząd Dzielnicy Bemowo-Północ',
      officeTimeZone: 'Europe/Warsaw',
      passwordChangeRequired: true,
    });
    const chose = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: { cookie: given },
      payload: { currentPassword: 'given-password-1', newPassword: 'bemowo-own-password' },
    });
    expect(chose.statusCode, chose.body).toBe(200);
    const as = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie: given } });
    expect((await as('/api/admin/offices')).json<Office[]>().map((o) => o.id)).toEqual([office.id]);
    expect((await as('/api/admin/users')).json<User[]>().map((u) => u.username)).toEqual(['bemowo.admin']);
    expect((await as('/api/admin/categories')).json()).toEqual([]);
    expect((await as('/api/admin/counters')).json()).toEqual([]);
    const audit = (await as('/api/admin/audit')).json<AuditEntry[]>();
    expect(audit.map((e) => [e.action, e.entity, e.userId])).toEqual(
      expect.arrayContaining([
        ['create', 'office', t.userId.central],
        ['create', 'user', t.userId.central],
        ['update', 'office', t.userId.central],
      ]),
    );
    // None of it is in the sample office's log.
    const ownAudit = (await ok('admin', 'GET', '/api/admin/audit')).json<AuditEntry[]>();
    expect(ownAudit.filter((e) => e.entityId === office.id || e.entityId === admin.id)).toEqual([]);
  });

  it('is itself outside every office: no office role, no office’s work, no live screen', async () => {
    expect((await ok('central', 'GET', '/api/auth/me')).json<Me>()).toMatchObject({
      username: CENTRAL_USERNAME,
      role: 'central',
      officeId: null,
      officeName: null,
      officeTimeZone: null,
    });
    for (const [method, url, body] of [
      ['GET', '/api/counters', undefined],
      ['POST', `/api/counters/${t.counter[1]}/open`, {}],
      ['POST', '/api/tickets', { categoryId: t.category.A }],
      ['GET', '/api/admin/categories', undefined],
      ['GET', '/api/admin/users', undefined],
      ['POST', '/api/admin/users', { username: 'z-centrali', password: 'a-long-password', role: 'admin' }],
      ['GET', '/api/admin/devices', undefined],
      ['GET', '/api/admin/settings', undefined],
      ['GET', '/api/admin/audit', undefined],
      ['GET', `/api/admin/tickets/${b.ids.calledTicket}`, undefined],
    ] as const) {
      const res = await t.request('central', method, url, body);
      expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(403);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');
    }
    const base = await listen(t.app);
    for (const nsp of ['/console', '/counter'] as const) {
      const socket = connect(base, nsp, { cookie: t.headers('central').cookie });
      const error = await refused(socket);
      socket.disconnect();
      expect(error.data?.code, nsp).toBe('forbidden');
    }
    // Their own account is theirs: the language of the console.
    expect((await ok('central', 'PATCH', '/api/auth/me', { language: 'uk' })).json<Me>().language).toBe('uk');
    await ok('central', 'PATCH', '/api/auth/me', { language: 'pl' });
  });

  it('cannot be seen, changed or counted by any office, not even the one its account was made in', async () => {
    const users = (await ok('admin', 'GET', '/api/admin/users')).json<User[]>();
    expect(users.map((u) => u.username)).not.toContain(CENTRAL_USERNAME);
    for (const [method, body] of [
      ['PATCH', { password: 'taken-over-password' }],
      ['PATCH', { active: false }],
      ['DELETE', undefined],
    ] as const) {
      const res = await t.request('admin', method, `/api/admin/users/${t.userId.central}`, body);
      expect(res.statusCode, res.body).toBe(404);
    }
    // The sample office's one administrator is its last: the central account does not count.
    const demote = await t.request('admin', 'PATCH', `/api/admin/users/${t.userId.admin}`, {
      role: 'supervisor',
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json()).toMatchObject({ error: { code: 'IN_USE', params: { reason: 'last_admin' } } });
  });
});

describe('an office’s administrator', () => {
  it('creates no office, sees and renames only their own', async () => {
    const create = await t.request('admin', 'POST', '/api/admin/offices', { name: 'Urząd Samozwańczy' });
    expect(create.statusCode).toBe(403);
    expect((await ok('admin', 'GET', '/api/admin/offices')).json<Office[]>().map((o) => o.id)).toEqual([
      t.officeId,
    ]);
    const renamed = await ok('admin', 'PATCH', `/api/admin/offices/${t.officeId}`, { name: 'Urząd Miasta' });
    expect(renamed.json()).toMatchObject({ name: 'Urząd Miasta' });
    await ok('admin', 'PATCH', `/api/admin/offices/${t.officeId}`, { name: 'Urząd Miasta Przykładowo' });
    const other = await t.request('admin', 'PATCH', `/api/admin/offices/${b.officeId}`, { name: 'Przejęty' });
    expect(other.statusCode).toBe(404);
  });
});

describe('reports across offices', () => {
  it('shows each office’s figures from its own report, and all offices together with their waits pooled', async () => {
    // B (since 09:00): its first ticket was called at once; at 09:10 it is served and the second
    // ticket, after 10 minutes, is called and does not come.
    t.clock.advance(10 * MIN);
    for (const move of ['start', 'finish', 'next', 'no-show'])
      expect(
        (await b.request('clerk', 'POST', `/api/counters/${b.ids.counter1}/${move}`, {})).statusCode,
      ).toBe(200);
    // A: A001 at 09:10 called at 09:14 (4 min) and served; A002 at 09:14 called at 09:20 (6 min), no-show.
    const issue = async () => ok('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A }, 201);
    await issue();
    t.clock.advance(4 * MIN);
    await ok('clerk', 'POST', `/api/counters/${t.counter[1]}/open`, {});
    await ok('clerk', 'POST', `/api/counters/${t.counter[1]}/next`, {});
    await issue();
    await ok('clerk', 'POST', `/api/counters/${t.counter[1]}/start`, {});
    await ok('clerk', 'POST', `/api/counters/${t.counter[1]}/finish`, {});
    t.clock.advance(6 * MIN);
    await ok('clerk', 'POST', `/api/counters/${t.counter[1]}/next`, {});
    await ok('clerk', 'POST', `/api/counters/${t.counter[1]}/no-show`, {});

    const across = (
      await ok('central', 'GET', `/api/reports/offices?from=${MONDAY}&to=${MONDAY}`)
    ).json<OfficesReport>();
    const line = (id: string) => across.offices.find((o) => o.office.id === id);
    expect(line(t.officeId)).toMatchObject({
      office: { name: 'Urząd Miasta Przykładowo' },
      issued: 2,
      served: 1,
      noShow: 1,
      wait: { count: 2, mean: 5, p90: 6 },
    });
    expect(line(b.officeId)).toMatchObject({
      office: { name: 'Urząd Dzielnicy Wola' },
      issued: 2,
      served: 1,
      noShow: 1,
      wait: { count: 2, mean: 5, p90: 10 },
    });
    // Waits 0, 4, 6 and 10 minutes: the p90 of all of them, not a mean of the offices' p90s.
    expect(across.total).toMatchObject({
      issued: 4,
      served: 2,
      noShow: 2,
      wait: { count: 4, mean: 5, median: 5, p90: 10 },
    });
    expect(across.offices.map((o) => o.office.name)).toEqual(
      [...across.offices.map((o) => o.office.name)].sort((x, y) => x.localeCompare(y, 'pl')),
    );

    // Each line is the total of that office's own report, as its own supervisor reads it.
    const own = (
      await b.request('supervisor', 'GET', `/api/reports/daily?date=${MONDAY}&format=json`)
    ).json<Report>();
    const centralView = (
      await ok('central', 'GET', `/api/reports/daily?date=${MONDAY}&format=json&officeId=${b.officeId}`)
    ).json<Report>();
    expect(centralView.office.id).toBe(b.officeId);
    expect(centralView.total).toEqual(own.total);
    expect(line(b.officeId)).toMatchObject({
      issued: own.total.issued,
      served: own.total.served,
      noShow: own.total.noShow,
      wait: own.total.wait,
    });
    const csv = await ok(
      'central',
      'GET',
      `/api/reports/range?from=${MONDAY}&to=${MONDAY}&format=csv&officeId=${t.officeId}`,
    );
    expect(csv.headers['content-type']).toContain('text/csv');

    const unnamed = await t.request('central', 'GET', `/api/reports/daily?date=${MONDAY}&format=json`);
    expect(unnamed.statusCode).toBe(400);
    expect(unnamed.json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED', params: { field: 'officeId' } },
    });
    const backwards = await t.request('central', 'GET', `/api/reports/offices?from=${MONDAY}&to=2000-01-01`);
    expect(backwards.statusCode).toBe(400);
    expect(
      (await t.request('supervisor', 'GET', `/api/reports/offices?from=${MONDAY}&to=${MONDAY}`)).statusCode,
    ).toBe(403);
  });
});

describe('backups of an installation with several offices', () => {
  it('are made by the central administrator and recorded in every office’s log', async ({ skip }) => {
    // On PostgreSQL the server makes no backups of its own (pg_dump does): storage/backups-by-database.test.ts.
    skip(testEngine() === 'postgres', 'backups are pg_dump’s on PostgreSQL');
    const made = await ok('central', 'POST', '/api/admin/backups', {}, 201);
    const name = made.json<{ name: string }>().name;
    const list = (await ok('central', 'GET', '/api/admin/backups')).json<Array<{ name: string }>>();
    expect(list.map((f) => f.name)).toContain(name);
    const inA = (await ok('admin', 'GET', '/api/admin/audit')).json<AuditEntry[]>();
    const inB = (await b.request('admin', 'GET', '/api/admin/audit')).json<AuditEntry[]>();
    for (const log of [inA, inB])
      expect(log.find((e) => e.entity === 'backup' && e.entityId === name)).toMatchObject({
        action: 'create',
        userId: t.userId.central,
      });
    const refused = await t.request('admin', 'GET', `/api/admin/backups/${name}`);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ error: { params: { reason: 'whole_installation' } } });
  });
});

describe('npm run central-admin', () => {
  it('makes a central administrator in a running installation, with a password its user replaces', async () => {
    // The command finds the installation's data where the server keeps it.
    const database: Record<string, string> =
      t.target.engine === 'postgres' ? { DATABASE_URL: t.target.url } : {};
    const run = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', CLI, 'miasto.admin', '--name', 'Biuro Miasta'],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            DATA_DIR: t.dataDir,
            LOG_LEVEL: 'silent',
            ...database,
          },
        },
      );
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => resolve({ code, out, err }));
    });
    expect(run.code, run.err).toBe(0);
    const password = /password\s+(\S+)/.exec(run.out)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(12);
    const cookie = await signIn('miasto.admin', password);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json<Me>()).toMatchObject({
      role: 'central',
      displayName: 'Biuro Miasta',
      passwordChangeRequired: true,
    });
    const offices = await t.app.inject({ method: 'GET', url: '/api/admin/offices', headers: { cookie } });
    expect(offices.statusCode).toBe(403);
    expect(offices.json()).toMatchObject({ error: { code: 'PASSWORD_CHANGE_REQUIRED' } });

    const again = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'anna.nowak'], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: t.dataDir, ...database },
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => resolve({ code, err }));
    });
    expect(again.code).toBe(1);
    expect(again.err).toContain('"anna.nowak" is taken');
  });
});
