import { describe, expect, it } from 'vitest';
import { hyphenatorFor, loadHyphenator } from './hyphenation.ts';

describe('hyphenation of the tiles', () => {
  it('marks where long words break, in each language, and leaves short words whole', async () => {
    expect(hyphenatorFor('pl')).toBeNull();
    const pl = await loadHyphenator('pl');
    expect(hyphenatorFor('pl')).toBe(pl);
    expect(pl?.('Osoby z niepełnosprawnością')).toBe(
      'Osoby z nie\u00ADpeł\u00ADno\u00ADspraw\u00ADno\u00ADścią',
    );
    expect(pl?.('Nie, zwykły numerek')).toBe('Nie, zwykły numerek');
    const uk = await loadHyphenator('uk');
    expect(uk?.('Люди з інвалідністю')).toContain('\u00AD');
    expect(uk?.('Люди з інвалідністю').replaceAll('\u00AD', '')).toBe('Люди з інвалідністю');
    const en = await loadHyphenator('en');
    expect(en?.('Registration of vehicles')).toBe('Reg\u00ADis\u00ADtra\u00ADtion of vehicles');
  });

  it('loads a language once', async () => {
    expect(loadHyphenator('pl')).toBe(loadHyphenator('pl'));
    expect(await loadHyphenator('pl')).toBe(hyphenatorFor('pl'));
  });
});
