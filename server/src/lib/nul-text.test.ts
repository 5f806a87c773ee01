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

describe('nulTextAt on deep values', () => {
  it('walks a value nested far deeper than the call stack goes', () => {
    let deep: unknown = 'clean';
    for (let i = 0; i < 200_000; i += 1) deep = { a: deep };
    expect(nulTextAt(deep)).toBeNull();
    let bad: unknown = ['x\u0000'];
    for (let i = 0; i < 3; i += 1) bad = { a: bad };
    expect(nulTextAt(bad)).toBe('/a/a/a/0');
  });
});
