import { MemoryPrinter } from '@numerek/hardware';
import type { Me } from '@numerek/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { loadConfig } from '../config/config.ts';
import { openDatabase, type Db } from '../db/database.ts';
import type { App } from '../http/types.ts';
import { fakeClock } from '../lib/clock.ts';
import { MONDAY_9AM, pairingCodeOf } from '../testing/test-app.ts';
import { secretsText } from './first-start-secrets.ts';
import { seedIfEmpty, type SeedReport } from './sample-office.ts';

/**
 * The first start's seed: SEED unset, "sample" or "sample-office" makes the one sample office as it
 * always has; SEED=sample-city makes two district offices, each with its own people and devices,
 * and a central administrator over both.
 */

const COST = { N: 2 ** 10 };
const opened: Array<{ app: App; db: Db; dir: string }> = [];

afterEach(async () => {
  for (const { app, db, dir } of opened.splice(0)) {
    await app.close();
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

async function firstStart(env: Record<string, string>): Promise<{ app: App; db: Db; seed: SeedReport }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'numerek-seed-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', ...env });
  const db = openDatabase(config.databaseFile);
  const app = await buildApp({
    config,
    db,
    clock: fakeClock(MONDAY_9AM),
    printer: new MemoryPrinter(),
    passwordCost: COST,
    serveApps: false,
  });
  opened.push({ app, db, dir });
  const seed = await seedIfEmpty(app.services, config, COST);
  if (!seed) throw new Error('nothing was seeded');
  return { app, db, seed };
}

/** What an office holds, by name rather than id. */
async function contents(app: App, officeId: string) {
  const s = app.services;
  const categories = await s.categories.list(officeId);
  const prefixOf = new Map(categories.map((c) => [c.id, c.prefix]));
  return {
    categories: categories.map((c) => `${c.prefix} ${c.names.pl}`),
    groups: (await s.priorityGroups.list(officeId)).map((g) => g.names.pl),
    counters: (await s.counters.list(officeId)).map(
      (c) =>
        `${c.number} ${c.name}: ${c.categoryIds
          .map((id) => prefixOf.get(id))
          .sort()
          .join('')}` +
        `${c.accessibility.inductionLoop ? ' loop' : ''}${c.accessibility.lowDesk ? ' low' : ''}${c.accessibility.signLanguage ? ' pjm' : ''}`,
    ),
    users: (await s.users.list(officeId)).map((u) => `${u.username} ${u.role} ${u.displayName}`),
    devices: (await s.devices.list(officeId)).map((d) => `${d.kind} ${d.name}`).sort(),
  };
}

const SAMPLE_CONTENTS = (admin: string, clerks: readonly string[]) => ({
  categories: [
    'A Dowody osobiste',
    'R Rejestracja pojazdów',
    'P Prawa jazdy',
    'M Meldunek',
    'F Podatki i opłaty',
    'I Informacja',
  ],
  groups: [
    'Osoby z niepełnosprawnością',
    'Kobiety w ciąży',
    'Seniorzy 70+',
    'Opiekunowie z dzieckiem do lat 3',
  ],
  counters: [
    '1 Stanowisko 1: AM loop',
    '2 Stanowisko 2: AM',
    '3 Stanowisko 3: PR',
    '4 Stanowisko 4: PR low',
    '5 Stanowisko 5: FI pjm',
    '6 Stanowisko 6: AFIMPR loop low',
  ],
  users: [admin, ...clerks].sort(),
  devices: ['display Monitor – hol główny', 'kiosk Biletomat – hol główny'],
});

async function signIn(app: App, username: string, password: string): Promise<{ cookie: string; me: Me }> {
  const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  expect(res.statusCode, `${username}: ${res.body}`).toBe(200);
  return { cookie: `numerek_session=${res.cookies[0]?.value ?? ''}`, me: res.json<Me>() };
}

describe('SEED unset, "sample" or "sample-office"', () => {
  for (const env of [{}, { SEED: 'sample' }, { SEED: 'sample-office' }] as Array<Record<string, string>>) {
    it(`makes the one sample office as before (${JSON.stringify(env)})`, async () => {
      const { app, db, seed } = await firstStart(env);
      const offices = await app.services.offices.list();
      expect(offices.map((o) => o.name)).toEqual(['Urząd Miasta Przykładowo']);
      expect(await contents(app, offices[0]?.id ?? '')).toEqual(
        SAMPLE_CONTENTS('admin admin Administrator', [
          'anna.nowak clerk Anna Nowak',
          'jan.kowalski clerk Jan Kowalski',
        ]),
      );
      expect(await db.value('SELECT count(*) FROM users WHERE central = 1')).toBe(0);
      expect(seed.offices).toBeUndefined();
      expect(seed).toMatchObject({ officeName: 'Urząd Miasta Przykładowo', admin: { username: 'admin' } });
      const { me } = await signIn(app, 'admin', seed.admin.password ?? '');
      expect(me).toMatchObject({ role: 'admin', officeName: 'Urząd Miasta Przykładowo' });
      const text = secretsText(seed, 'http://localhost:3000', new Date(0)) ?? '';
      expect(text.split('\n').slice(0, 8)).toEqual([
        'Numerek: first start of "Urząd Miasta Przykładowo", 1970-01-01T00:00:00.000Z',
        '',
        'Sign in at http://localhost:3000/counter/',
        `    administrator   admin / ${seed.admin.password ?? ''}`,
        `    clerk           anna.nowak / ${seed.clerks[0]?.password ?? ''}`,
        `    clerk           jan.kowalski / ${seed.clerks[1]?.password ?? ''}`,
        '',
        'Everyone who signs in with a password from this file chooses a new one at once.',
      ]);
    });
  }
});

describe('SEED=sample-city', () => {
  it('makes two district offices, each with its own people and devices, and a central administrator', async () => {
    const { app, db, seed } = await firstStart({ SEED: 'sample-city' });
    const offices = await app.services.offices.list();
    const byName = new Map(offices.map((o) => [o.name, o.id]));
    expect([...byName.keys()].sort()).toEqual(['Urząd Dzielnicy Mokotów', 'Urząd Dzielnicy Śródmieście']);
    const srodmiescie = byName.get('Urząd Dzielnicy Śródmieście') ?? '';
    const mokotow = byName.get('Urząd Dzielnicy Mokotów') ?? '';
    expect(await contents(app, srodmiescie)).toEqual(
      SAMPLE_CONTENTS('admin.srodmiescie admin Administrator Śródmieścia', [
        'anna.nowak clerk Anna Nowak',
        'jan.kowalski clerk Jan Kowalski',
      ]),
    );
    expect(await contents(app, mokotow)).toEqual(
      SAMPLE_CONTENTS('admin.mokotow admin Administrator Mokotowa', [
        'ewa.wisniewska clerk Ewa Wiśniewska',
        'piotr.zielinski clerk Piotr Zieliński',
      ]),
    );
    expect(await db.value('SELECT count(*) FROM users WHERE central = 1')).toBe(1);

    // The central administrator signs in with the generated password and belongs to no office.
    expect(seed.admin.username).toBe('admin');
    const central = await signIn(app, 'admin', seed.admin.password ?? '');
    expect(central.me).toMatchObject({ role: 'central', officeId: null, passwordChangeRequired: true });

    // Each office's people sign in to their own office; its devices pair into it.
    for (const office of seed.offices ?? []) {
      const officeId = byName.get(office.name);
      for (const account of [office.admin, ...office.clerks]) {
        const { me } = await signIn(app, account.username, account.password);
        expect(me, account.username).toMatchObject({
          officeId,
          officeName: office.name,
          passwordChangeRequired: true,
        });
      }
      expect(office.devices.map((d) => d.kind)).toEqual(['kiosk', 'display']);
      for (const device of office.devices) {
        const paired = await app.inject({
          method: 'POST',
          url: '/api/devices/pair',
          payload: { code: pairingCodeOf(device.pairingUrl) },
        });
        expect(paired.statusCode, paired.body).toBe(200);
        const own = await app.inject({
          method: 'GET',
          url: '/api/devices/me',
          headers: { authorization: `Bearer ${paired.json<{ token: string }>().token}` },
        });
        expect(own.json()).toMatchObject({ kind: device.kind, office: { id: officeId, name: office.name } });
      }
    }

    // The first start's file holds every password and link, office by office.
    const text = secretsText(seed, 'http://localhost:3000', new Date(0)) ?? '';
    expect(text).toContain(
      'Numerek: first start of "Urząd Dzielnicy Śródmieście" and "Urząd Dzielnicy Mokotów", 1970-01-01T00:00:00.000Z',
    );
    expect(text).toContain(`    central administrator   admin / ${seed.admin.password ?? ''}`);
    for (const office of seed.offices ?? []) {
      const section = text.slice(text.indexOf(`\n${office.name}\n`));
      expect(section).toContain(`    administrator   ${office.admin.username} / ${office.admin.password}`);
      for (const c of office.clerks)
        expect(section).toContain(`    clerk           ${c.username} / ${c.password}`);
      for (const d of office.devices) expect(section).toContain(d.pairingUrl);
    }
    expect(text).toContain('Delete this file once you have read it.');
  });

  it('gives the central administrator the password in ADMIN_PASSWORD, to keep', async () => {
    const { app, seed } = await firstStart({ SEED: 'sample-city', ADMIN_PASSWORD: 'city-admin-password' });
    expect(seed.admin.password).toBeNull();
    const central = await signIn(app, 'admin', 'city-admin-password');
    expect(central.me).toMatchObject({ role: 'central', passwordChangeRequired: false });
    const offices = await app.inject({
      method: 'GET',
      url: '/api/admin/offices',
      headers: { cookie: central.cookie },
    });
    expect(
      offices
        .json<Array<{ name: string }>>()
        .map((o) => o.name)
        .sort(),
    ).toEqual(['Urząd Dzielnicy Mokotów', 'Urząd Dzielnicy Śródmieście']);
    expect(secretsText(seed, 'http://localhost:3000', new Date(0))).toContain(
      'central administrator   admin / the password in ADMIN_PASSWORD',
    );
  });
});
