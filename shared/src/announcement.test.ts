import { describe, expect, it } from 'vitest';
import { ANNOUNCEMENT_WORDING, announcementText, spokenCode, spokenCounterName } from './announcement.ts';

/** What the hall hears for a call (D2): a pure function, so the wording is tested here. */
describe('announcementText', () => {
  const call = (code: string, number: number, name = `Stanowisko ${number}`) => ({
    code,
    counter: { number, name },
  });

  it('speaks the D2 sentence in each language, without leading zeros', () => {
    expect(announcementText(call('A017', 5), 'pl')).toBe('Numer A 17, stanowisko 5.');
    expect(announcementText(call('A017', 5), 'en')).toBe('Number eh 17, counter 5.');
    expect(announcementText(call('A017', 5), 'uk')).toBe('Номер а 17, віконце 5.');
    expect(announcementText(call('R100', 12), 'pl')).toBe('Numer R 100, stanowisko 12.');
    expect(announcementText(call('P000', 1), 'pl')).toBe('Numer P 0, stanowisko 1.');
  });

  it('spells letters the way each listener expects, one by one', () => {
    expect(spokenCode('W005', 'pl')).toBe('wu 5');
    expect(spokenCode('Y120', 'pl')).toBe('igrek 120');
    expect(spokenCode('AB007', 'pl')).toBe('A B 7');
    expect(spokenCode('M042', 'uk')).toBe('ем 42');
    expect(spokenCode('W042', 'uk')).toBe('дубль-ве 42');
    expect(spokenCode('F009', 'en')).toBe('F 9');
    expect(spokenCode('A009', 'en')).toBe('eh 9');
  });

  it('reads a counter name the office typed in Polish only, and not when it only repeats the number', () => {
    expect(announcementText(call('A001', 2, 'Kasa'), 'pl')).toBe('Numer A 1, stanowisko 2, Kasa.');
    expect(announcementText(call('A001', 2, 'Kasa'), 'en')).toBe('Number eh 1, counter 2.');
    expect(spokenCounterName({ number: 3, name: 'stanowisko 3' }, 'pl')).toBe('');
    expect(spokenCounterName({ number: 3, name: '3' }, 'pl')).toBe('');
    expect(spokenCounterName({ number: 3, name: 'Pok. 12 / Nr 3' }, 'pl')).toBe('pokój 12 numer 3');
    expect(spokenCounterName({ number: 4, name: '#Wydział*Komunikacji#' }, 'pl')).toBe('Wydział Komunikacji');
    expect(spokenCounterName({ number: 8, name: 'USC' }, 'pl')).toBe('U S C');
    expect(spokenCounterName({ number: 8, name: 'NFZ' }, 'pl')).toBe('N F zet');
    expect(spokenCounterName({ number: 8, name: 'ZUS' }, 'pl')).toBe('ZUS');
    expect(spokenCounterName({ number: 4, name: 'Wydział '.repeat(20) }, 'pl').length).toBeLessThanOrEqual(
      60,
    );
  });
});

describe('docs/announcements.md', () => {
  it('prints every word of the wording table', async () => {
    const { readFileSync } = await import('node:fs');
    const page = readFileSync(new URL('../../docs/announcements.md', import.meta.url), 'utf8');
    for (const [language, wording] of Object.entries(ANNOUNCEMENT_WORDING)) {
      expect(page, language).toContain(`\`${wording.number} <code>, ${wording.counter} <counter>.\``);
      for (const [letter, name] of Object.entries(wording.letters)) {
        expect(page, `${language} ${letter}`).toMatch(
          new RegExp(`\\| ${letter} \\|[^\\n]*\\n[^\\n]*\\n[^\\n]*\\| ${name} \\|`),
        );
      }
      for (const [short, full] of Object.entries(wording.abbreviations)) {
        expect(page, `${language} ${short}`).toMatch(new RegExp(`\`${short}\\.?\` → ${full}`));
      }
    }
  });
});
