import { describe, expect, it } from 'vitest';
import { nulTextAt } from './nul-text.ts';

describe('nulTextAt', () => {
  it('points at the first text holding a NUL, in objects and arrays', () => {
    expect(nulTextAt({ kind: 'kiosk', name: '\u0000' })).toBe('/name');
    expect(nulTextAt({ names: { pl: 'a', en: 'b\u0000c' } })).toBe('/names/en');
    expect(nulTextAt({ list: ['a', 'b\u0000'] })).toBe('/list/1');
    expect(nulTextAt('x\u0000')).toBe('');
    expect(nulTextAt({ ['k\u0000']: 1 })).toBe('/k\u0000');
  });

  it('finds nothing in clean values', () => {
    expect(nulTextAt({ name: 'Kiosk 1', n: 3, ok: true, none: null, list: ['ą', 'ї'] })).toBeNull();
    expect(nulTextAt(undefined)).toBeNull();
    expect(nulTextAt('\\u0000')).toBeNull();
  });
});
