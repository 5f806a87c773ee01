import { PostgresDb } from '../db/postgres/postgres-db.ts';
import { type CategoryCreate, type OpeningInterval, type PriorityGroupCreate } from '@numerek/shared';
import type { Services } from '../services.ts';
import type { Config } from '../config/config.ts';
import type { CentralActor, UserActor } from '../actor.ts';
import { newId } from '../lib/ids.ts';
import { generatePassword, hashPassword } from '../lib/passwords.ts';
import { UserRepository } from '../modules/users/user.repository.ts';
import { OfficeRepository } from '../modules/offices/office.repository.ts';

export interface SeedDevice {
  kind: string;
  name: string;
  pairingUrl: string;
  pairingExpiresAt: string;
}

/** One office of the sample city, with its own people and devices. */
export interface SeedOffice {
  name: string;
  admin: { username: string; password: string };
  clerks: Array<{ username: string; password: string }>;
  devices: SeedDevice[];
}

export interface SeedReport {
  /** The (first) office. */
  officeName: string;
  /** The account ADMIN_PASSWORD is for: the office's administrator, or the central one in a city. */
  admin: { username: string; password: string | null };
  clerks: Array<{ username: string; password: string }>;
  devices: SeedDevice[];
  /** With SEED=sample-city: every office with its people; `admin` is then the central administrator. */
  offices?: SeedOffice[];
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
 * On first start (no office yet): the office and its administrator, and with SEED=sample-office a
 * complete sample town hall; with SEED=sample-city two sample district offices, each with its own
 * administrator, clerks and devices, and a central administrator over both. Returns what to tell
 * the person who started it, or null.
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
  if (config.seed === 'sample-city') return seedCity(services, config, offices);

  const sample = config.seed === 'sample-office';
  const now = services.ctx.clock.now();
  const officeId = newId();
  const adminPassword = config.adminPassword ?? generatePassword('admin');
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
        central: false,
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
  const people = await furnish(services, admin, [
    ['anna.nowak', 'Anna Nowak'],
    ['jan.kowalski', 'Jan Kowalski'],
  ]);
  return { ...report, ...people };
}

/** The sample city's district offices, each with its administrator and clerks. */
const CITY: ReadonlyArray<{
  name: string;
  admin: readonly [string, string];
  clerks: ReadonlyArray<readonly [string, string]>;
}> = [
  {
    name: 'Urząd Dzielnicy Śródmieście',
    admin: ['admin.srodmiescie', 'Administrator Śródmieścia'],
    clerks: [
      ['anna.nowak', 'Anna Nowak'],
      ['jan.kowalski', 'Jan Kowalski'],
    ],
  },
  {
    name: 'Urząd Dzielnicy Mokotów',
    admin: ['admin.mokotow', 'Administrator Mokotowa'],
    clerks: [
      ['ewa.wisniewska', 'Ewa Wiśniewska'],
      ['piotr.zielinski', 'Piotr Zieliński'],
    ],
  },
];

/**
 * SEED=sample-city: a central administrator (`admin`, with ADMIN_PASSWORD or a generated password)
 * and two district offices, each furnished as the sample office and run by its own administrator,
 * as a central administrator would set them up through the API.
 */
async function seedCity(services: Services, config: Config, offices: OfficeRepository): Promise<SeedReport> {
  const now = services.ctx.clock.now();
  const [first, ...rest] = CITY;
  if (!first) throw new Error('the sample city has no offices');
  // The first office is made directly: the central administrator's account needs an office to be kept with.
  const firstId = newId();
  await services.writes.write(() =>
    offices.insert({ id: firstId, name: first.name, timeZone: config.officeTimeZone }, now),
  );
  const centralPassword = config.adminPassword ?? generatePassword('admin');
  const made = await services.users.createCentral({
    username: 'admin',
    password: centralPassword,
    displayName: 'Administrator centralny',
    passwordChangeRequired: config.adminPassword === undefined,
  });
  const central: CentralActor = {
    kind: 'central',
    id: made.id,
    displayName: made.displayName,
    username: made.username,
  };
  const ids = [firstId];
  for (const o of rest) ids.push((await services.offices.create(central, { name: o.name })).id);

  const report: SeedReport = {
    officeName: first.name,
    admin: { username: 'admin', password: config.adminPassword ? null : centralPassword },
    clerks: [],
    devices: [],
    offices: [],
  };
  for (const [i, o] of CITY.entries()) {
    const officeId = ids[i] ?? '';
    const password = generatePassword(o.admin[0]);
    const adminUser = await services.users.createOfficeAdmin(central, officeId, {
      username: o.admin[0],
      password,
      displayName: o.admin[1],
    });
    const admin: UserActor = {
      kind: 'user',
      id: adminUser.id,
      officeId,
      role: 'admin',
      displayName: adminUser.displayName,
      username: adminUser.username,
    };
    const people = await furnish(services, admin, o.clerks);
    report.offices?.push({ name: o.name, admin: { username: o.admin[0], password }, ...people });
  }
  return report;
}

/**
 * The sample office's setup, made by its administrator: categories, priority groups, six counters,
 * the clerks with generated passwords, a kiosk and a display with their pairing links.
 */
async function furnish(
  services: Services,
  admin: UserActor,
  clerks: ReadonlyArray<readonly [string, string]>,
): Promise<Pick<SeedReport, 'clerks' | 'devices'>> {
  const report: Pick<SeedReport, 'clerks' | 'devices'> = { clerks: [], devices: [] };
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
  for (const [username, displayName] of clerks) {
    const password = generatePassword(username);
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
