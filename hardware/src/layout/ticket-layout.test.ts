import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeEscPos } from '../escpos/decoder.ts';
import {
  GOLDEN_CASES,
  NOBODY_SERVING_JOB,
  POLISH_JOB,
  UKRAINIAN_JOB,
  toHexFixture,
} from './__golden__/golden-cases.ts';
import { formatIssuedAt } from './ticket-content.ts';
import { layoutTicket } from './ticket-layout.ts';
import type { PrinterProfile, TicketJob } from '../ticket-printer.ts';

const fixture = (name: string): string => {
  try {
    return readFileSync(new URL(`./__golden__/${name}.hex`, import.meta.url), 'utf8');
  } catch {
    throw new Error(
      `missing golden file ${name}.hex: run npx tsx hardware/src/layout/__golden__/regenerate.ts and review it`,
    );
  }
};

describe('layoutTicket golden bytes', () => {
  for (const c of GOLDEN_CASES) {
    it(`matches ${c.name}.hex`, () => {
      expect(toHexFixture(layoutTicket(c.job, c.profile))).toBe(fixture(c.name));
    });
  }
});

describe('layoutTicket content', () => {
  const profile58 = { codePage: 'cp852', cyrillic: 'cp866', paperWidth: 58, cut: 'full' } as const;

  it('reads back the Polish text, the code at 4x, the QR payload and the cut', () => {
    const d = decodeEscPos(layoutTicket(POLISH_JOB, profile58));
    expect(d.text).toContain('Urząd Miasta Łódź - Żółta Sień');
    expect(d.markup).toContain('[size 4x4]A017\n');
    expect(d.text).toContain('23.11.2026 08:05');
    expect(d.text).toContain('Osób przed Tobą: 3');
    expect(d.text).toContain('5-15');
    expect(d.text).toContain('Stanowiska: 1, 2, 6');
    expect(d.text).toContain('Urzędnik wie, że potrzebujesz');
    expect(d.text).toContain('nigdy imię ani');
    expect(d.qr).toEqual([POLISH_JOB.statusUrl]);
    expect(d.cuts).toEqual(['full']);
    expect(d.unknown).toEqual([]);
    expect(d.text).not.toContain('?');
  });

  it('keeps every line within 32 columns on 58 mm and 48 on 80 mm', () => {
    for (const [width, cols] of [
      [58, 32],
      [80, 48],
    ] as const) {
      const d = decodeEscPos(layoutTicket(POLISH_JOB, { ...profile58, paperWidth: width }));
      for (const line of d.text.split('\n')) expect([...line].length).toBeLessThanOrEqual(cols);
    }
  });

  it('reads back Ukrainian text in CP866 and in WPC1251, with the Polish office name intact', () => {
    const cp866 = decodeEscPos(layoutTicket(UKRAINIAN_JOB, { ...profile58, paperWidth: 80 }));
    expect(cp866.text).toContain('Urząd Miasta Łódź');
    expect(cp866.text).toContain('Людей перед вами: 0');
    expect(cp866.text).toContain('Вiконце: 4'); // CP866 has no і: the Latin i stands in
    expect(cp866.markup).toContain('[codepage cp866]');
    const wpc = decodeEscPos(layoutTicket(UKRAINIAN_JOB, { ...profile58, cyrillic: 'wpc1251' }));
    expect(wpc.text).toContain('Віконце: 4');
    expect(wpc.text).toContain('Реєстрація місця');
    expect(wpc.markup).toContain('[codepage cp1251]');
    expect(wpc.qr).toEqual([UKRAINIAN_JOB.statusUrl]);
  });

  it('prints English labels, the watch-the-display line and a partial or no cut', () => {
    const job = { ...POLISH_JOB, language: 'en' as const, counters: [], interpreter: false };
    const d = decodeEscPos(layoutTicket(job, { ...profile58, cut: 'partial' }));
    expect(d.text).toContain('People ahead of you: 3');
    expect(d.text.replace(/\s+/g, ' ')).toContain('Watch the screen in the waiting room');
    expect(d.text).not.toContain('interpreter');
    expect(d.cuts).toEqual(['partial']);
    expect(decodeEscPos(layoutTicket(job, { ...profile58, cut: 'none' })).cuts).toEqual([]);
  });

  it('says, in the ticket’s language, that no counter serves the matter now instead of the wait range', () => {
    const flat = (job: TicketJob, profile: PrinterProfile = profile58) =>
      decodeEscPos(layoutTicket(job, profile)).text.replace(/\s+/g, ' ');
    const pl = flat(NOBODY_SERVING_JOB);
    expect(pl).toContain(
      'Teraz żadne stanowisko nie obsługuje tej sprawy. Wywołamy Cię, gdy któreś się otworzy.',
    );
    expect(pl).not.toContain('Czas czekania');
    expect(pl).not.toContain('0-10');
    // People ahead and where to go stay.
    expect(pl).toContain('Osób przed Tobą: 0');
    expect(pl).toContain('Stanowisko: 5');
    const en = flat({ ...NOBODY_SERVING_JOB, language: 'en' });
    expect(en).toContain('No counter is serving this matter right now. We will call you when one opens.');
    expect(en).not.toContain('Waiting time');
    const uk = flat({ ...NOBODY_SERVING_JOB, language: 'uk' }, { ...profile58, cyrillic: 'wpc1251' });
    expect(uk).toContain(
      'Зараз жодне віконце не обслуговує цю справу. Ми викличемо вас, коли якесь відкриється.',
    );
    expect(uk).not.toContain('Орієнтовний час очікування');
    // Said to be served, or not said at all (a server that does not tell), the range is printed.
    expect(flat({ ...NOBODY_SERVING_JOB, nobodyServing: false })).toContain('Czas czekania: 0-10 min');
    const { nobodyServing: _unsaid, ...unsaid } = NOBODY_SERVING_JOB;
    expect(flat(unsaid)).toContain('Czas czekania: 0-10 min');
  });

  it('shrinks a code too long for 4x so it stays on one line', () => {
    const d = decodeEscPos(layoutTicket({ ...POLISH_JOB, code: 'ABC-1234' }, profile58));
    expect(d.markup).toContain('[size 4x4]ABC-1234\n');
    const long = decodeEscPos(layoutTicket({ ...POLISH_JOB, code: 'ABCD-12345' }, profile58));
    expect(long.markup).toContain('[size 3x3]ABCD-12345\n');
  });

  it('never prints anything about priority', () => {
    for (const c of GOLDEN_CASES) {
      expect(decodeEscPos(layoutTicket(c.job, c.profile)).text.toLowerCase()).not.toMatch(
        /priorytet|priority|пріоритет/,
      );
    }
  });

  it('formats the time of issue in the office time zone', () => {
    expect(formatIssuedAt('2026-07-01T22:30:00.000Z', 'Europe/Warsaw')).toBe('02.07.2026 00:30');
  });
});
