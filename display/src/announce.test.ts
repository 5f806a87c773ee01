import { describe, expect, it } from 'vitest';
import { announcementText, spokenCode } from './announce.ts';

/** What the display says for a call (D2): a pure function, so the text is tested here. */
describe('announcementText', () => {
  const call = (code: string, number: number) => ({
    code,
    counter: { number, name: `Stanowisko ${number}` },
  });

  it('speaks the D2 sentence in each language, without leading zeros', () => {
    expect(announcementText(call('A017', 5), 'pl')).toBe('Numer A 17, stanowisko 5.');
    expect(announcementText(call('A017', 5), 'en')).toBe('Number A 17, counter 5.');
    expect(announcementText(call('A017', 5), 'uk')).toBe('Номер а 17, віконце 5.');
    expect(announcementText(call('R100', 12), 'pl')).toBe('Numer R 100, stanowisko 12.');
    expect(announcementText(call('P000', 1), 'pl')).toBe('Numer P 0, stanowisko 1.');
  });

  it('spells letters the way a Polish listener expects, one by one', () => {
    expect(spokenCode('W005', 'pl')).toBe('wu 5');
    expect(spokenCode('Y120', 'pl')).toBe('igrek 120');
    expect(spokenCode('AB007', 'pl')).toBe('A B 7');
    expect(spokenCode('M042', 'uk')).toBe('ем 42');
    expect(spokenCode('F009', 'en')).toBe('F 9');
  });
});
