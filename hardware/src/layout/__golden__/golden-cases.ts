import type { PrinterProfile, TicketJob } from '../../ticket-printer.ts';

/** The tickets whose bytes are pinned in this folder (`<name>.hex`). */
export interface GoldenCase {
  name: string;
  job: TicketJob;
  profile: PrinterProfile;
}

/** A Polish ticket with every line: counters, interpreter, a wait range with an en dash. */
export const POLISH_JOB: TicketJob = {
  ticketId: 't-7f3a',
  code: 'A017',
  categoryName: 'Dowody osobiste – wnioski',
  officeName: 'Urząd Miasta Łódź – Żółta Sień',
  issuedAt: '2026-11-23T07:05:00.000Z',
  timeZone: 'Europe/Warsaw',
  peopleAhead: 3,
  estimatedWait: { minMinutes: 5, maxMinutes: 15 },
  statusUrl: 'https://numerek.example/t/Qm9x2Lk',
  language: 'pl',
  counters: [
    { number: 1, name: 'Stanowisko 1' },
    { number: 2, name: 'Stanowisko 2' },
    { number: 6, name: 'Stanowisko 6' },
  ],
  interpreter: true,
};

/** A Ukrainian ticket in a Polish office: Polish office name, Ukrainian words (і, ї, є). */
export const UKRAINIAN_JOB: TicketJob = {
  ...POLISH_JOB,
  ticketId: 't-8b21',
  code: 'B004',
  categoryName: 'Реєстрація місця проживання',
  language: 'uk',
  peopleAhead: 0,
  estimatedWait: { minMinutes: 0, maxMinutes: 5 },
  counters: [{ number: 4, name: 'Stanowisko 4' }],
  interpreter: false,
};

/** A Polish ticket issued while no counter may call it: the sentence instead of the wait range. */
export const NOBODY_SERVING_JOB: TicketJob = {
  ...POLISH_JOB,
  ticketId: 't-2c90',
  code: 'F001',
  categoryName: 'Podatki i opłaty',
  peopleAhead: 0,
  estimatedWait: { minMinutes: 0, maxMinutes: 10 },
  nobodyServing: true,
  counters: [{ number: 5, name: 'Stanowisko 5' }],
  interpreter: false,
};

const profile = (codePage: PrinterProfile['codePage'], paperWidth: 58 | 80): PrinterProfile => ({
  codePage,
  paperWidth,
  cyrillic: 'cp866',
  cut: 'full',
});

export const GOLDEN_CASES: GoldenCase[] = [
  { name: 'pl-cp852-58', job: POLISH_JOB, profile: profile('cp852', 58) },
  { name: 'pl-cp852-80', job: POLISH_JOB, profile: profile('cp852', 80) },
  { name: 'pl-cp1250-58', job: POLISH_JOB, profile: profile('cp1250', 58) },
  { name: 'pl-cp1250-80', job: POLISH_JOB, profile: profile('cp1250', 80) },
  { name: 'uk-cp852-cp866-80', job: UKRAINIAN_JOB, profile: profile('cp852', 80) },
  {
    name: 'uk-cp1250-wpc1251-58-partial',
    job: UKRAINIAN_JOB,
    profile: { ...profile('cp1250', 58), cyrillic: 'wpc1251', cut: 'partial' },
  },
  { name: 'pl-cp852-58-nobody-serving', job: NOBODY_SERVING_JOB, profile: profile('cp852', 58) },
];

/** Hex, 32 bytes a line, so that a changed byte shows as a readable diff. */
export function toHexFixture(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let i = 0; i < bytes.length; i += 32) {
    lines.push(Buffer.from(bytes.subarray(i, i + 32)).toString('hex'));
  }
  return `${lines.join('\n')}\n`;
}
