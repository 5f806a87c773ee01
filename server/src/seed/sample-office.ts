import { PostgresDb } from '../db/postgres/postgres-db.ts';
import { type CategoryCreate, type OpeningInterval, type PriorityGroupCreate } from '@numerek/shared';
import type { Services } from '../services.ts';
import type { Config } from '../config/config.ts';
import type { UserActor } from '../actor.ts';
import { newId } from '../lib/ids.ts';
import { generatePassword, hashPassword } from '../lib/passwords.ts';
import { UserRepository } from '../modules/users/user.repository.ts';
import { OfficeRepository } from '../modules/offices/office.repository.ts';

export interface SeedReport {
  officeName: string;
  admin: { username: string; password: string | null };
  clerks: Array<{ username: string; password: string }>;
  devices: Array<{ kind: string; name: string; pairingUrl: string; pairingExpiresAt: string }>;
}

const weekdays = (from: string, to: string, days = [1, 2, 3, 4, 5]): OpeningInterval[] =>
  days.map((day) => ({ day, open: from, close: to }));

// The demo office keeps most categories open around the clock so it can be tried at any hour;
// "Podatki i opłaty" has real weekday hours and stops issuing near closing, to show how that looks.
const SAMPLE_CATEGORIES: CategoryCreate[] = [
  {
    prefix: 'A',
    names: { pl: 'Dowody osobiste', en: 'ID cards', uk: 'Посвідчення особи' },
    pictogram: 'id-card',
    maxWaitMinutes: 60,
  },
  {
    prefix: 'R',
    names: { pl: 'Rejestracja pojazdów', en: 'Vehicle registration', uk: 'Реєстрація транспортних засобів' },
    pictogram: 'car',
  },
  {
    prefix: 'P',
    names: { pl: 'Prawa jazdy', en: 'Driving licences', uk: 'Посвідчення водія' },
    pictogram: 'driving-licence',
    dailyLimit: 150,
  },
  {
    prefix: 'M',
    names: { pl: 'Meldunek', en: 'Residence registration', uk: 'Реєстрація місця проживання' },
    pictogram: 'house',
  },
  {
    prefix: 'F',
    names: { pl: 'Podatki i opłaty', en: 'Taxes and fees', uk: 'Податки та збори' },
    pictogram: 'coins',
    openingHours: [{ day: 1, open: '08:00', close: '17:00' }, ...weekdays('08:00', '15:30', [2, 3, 4, 5])],
    stopIssuingNearClosing: true,
  },
  { prefix: 'I', names: { pl: 'Informacja', en: 'Information', uk: 'Інформація' }, pictogram: 'info' },
];

const LEGAL_BASIS =
  'Art. 6 i 7 ustawy z dnia 19 lipca 2019 r. o zapewnianiu dostępności osobom ze szczególnymi potrzebami; zarządzenie kierownika urzędu.';

const SAMPLE_GROUPS: PriorityGroupCreate[] = [
  {
    names: { pl: 'Osoby z niepełnosprawnością', en: 'People with disabilities', uk: 'Люди з інвалідністю' },
    pictogram: 'disability',
    legalBasis: LEGAL_BASIS,
  },
  {
    names: { pl: 'Kobiety w ciąży', en: 'Pregnant women', uk: 'Вагітні жінки' },
    pictogram: 'pregnancy',
    legalBasis: LEGAL_BASIS,
  },
  {
    names: { pl: 'Seniorzy 70+', en: 'Seniors 70+', uk: 'Люди віком 70+' },
    pictogram: 'senior',
    legalBasis: LEGAL_BASIS,
  },
  {
    names: {
      pl: 'Opiekunowie z dzieckiem do lat 3',
      en: 'Carers with a child under 3',
      uk: 'Опікуни з дитиною до 3 років',
    },
    pictogram: 'child',
    legalBasis: LEGAL_BASIS,
  },
];

/**
 * On first start (no office yet): the office and its administrator, and with SEED=sample a
 * complete sample town hall. Returns what to tell the person who started it, or null.
 */
export async function seedIfEmpty(
  services: Services,
  config: Config,
  cost?: { N: number },
): Promise<SeedReport | null> {
  const db = services.ctx.db;
  // Nodes of a central installation may start together: one seeds, the others then find an office.
  if (db instanceof PostgresDb) return db.underLock(SEED_LOCK, () => seedNow(services, config, cost));
  return seedNow(services, config, cost);
}

/** The session lock under which one process at a time looks for an office and seeds. */
const SEED_LOCK = 'numerek:seed';

async function seedNow(services: Services, config: Config, cost?: { N: number }): Promise<SeedReport | null> {
  const db = services.ctx.db;
  const offices = new OfficeRepository(db);
  if ((await offices.list()).length > 0) return null;

  const sample = config.seed === 'sample';
  const now = services.ctx.clock.now();
  const officeId = newId();
  const adminPassword = config.adminPassword ?? generatePassword();
  const adminHash = await hashPassword(adminPassword, cost);
  const adminId = newId();
  const officeName = sample ? 'Urząd Miasta Przykładowo' : 'Urząd';
  await services.writes.write(async () => {
    await offices.insert({ id: officeId, name: officeName, timeZone: config.officeTimeZone }, now);
    await new UserRepository(db).save(
      {
        id: adminId,
        officeId,
        username: 'admin',
        displayName: 'Administrator',
        role: 'admin',
        active: true,
        createdAt: new Date(now).toISOString(),
        passwordHash: adminHash,
        // A generated password is written to a file on the server: the administrator replaces it.
        passwordChangeRequired: config.adminPassword === undefined,
        language: 'pl',
      },
      now,
    );
  });
  const report: SeedReport = {
    officeName,
    admin: { username: 'admin', password: config.adminPassword ? null : adminPassword },
    clerks: [],
    devices: [],
  };
  if (!sample) return report;

  const admin: UserActor = {
    kind: 'user',
    id: adminId,
    officeId,
    role: 'admin',
    displayName: 'Administrator',
    username: 'admin',
  };
  const categories = [];
  for (const c of SAMPLE_CATEGORIES) categories.push(await services.categories.create(admin, c));
  const [A, R, P, M, F, I] = categories.map((c) => c.id) as [string, string, string, string, string, string];
  for (const g of SAMPLE_GROUPS) await services.priorityGroups.create(admin, g);
  const counters: Array<{
    categoryIds: string[];
    accessibility?: { inductionLoop?: boolean; lowDesk?: boolean; signLanguage?: boolean };
  }> = [
    { categoryIds: [A, M], accessibility: { inductionLoop: true } },
    { categoryIds: [A, M] },
    { categoryIds: [R, P] },
    { categoryIds: [R, P], accessibility: { lowDesk: true } },
    { categoryIds: [F, I], accessibility: { signLanguage: true } },
    { categoryIds: [A, R, P, M, F, I], accessibility: { inductionLoop: true, lowDesk: true } },
  ];
  for (const [i, c] of counters.entries()) {
    await services.counters.create(admin, { name: `Stanowisko ${i + 1}`, number: i + 1, ...c });
  }
  for (const [username, displayName] of [
    ['anna.nowak', 'Anna Nowak'],
    ['jan.kowalski', 'Jan Kowalski'],
  ] as const) {
    const password = generatePassword();
    await services.users.create(admin, { username, password, role: 'clerk', displayName });
    report.clerks.push({ username, password });
  }
  for (const [kind, name] of [
    ['kiosk', 'Biletomat – hol główny'],
    ['display', 'Monitor – hol główny'],
  ] as const) {
    const d = await services.devices.create(admin, { kind, name });
    report.devices.push({ kind, name, pairingUrl: d.pairingUrl, pairingExpiresAt: d.pairingExpiresAt });
  }
  return report;
}
