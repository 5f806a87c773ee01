import { describe, expect, it } from 'vitest';
import { compareNames, sortedByName } from './names.ts';

describe('the order of names', () => {
  it('is Polish alphabetical, numbers by value, capitals and small letters together', () => {
    const names = ['Zielony ekran', 'TV 10', 'łazienka', 'Lampa', 'TV 2', 'Ćma', 'Cyfra', 'Łąka'];
    expect([...names].sort(compareNames)).toEqual([
      'Cyfra',
      'Ćma',
      'Lampa',
      'łazienka',
      'Łąka',
      'TV 2',
      'TV 10',
      'Zielony ekran',
    ]);
  });

  it('sorts a copy by the name each item gives, keeping equal names in their order', () => {
    const items = [
      { id: 1, name: 'Ż' },
      { id: 2, name: 'A' },
      { id: 3, name: 'A' },
    ];
    expect(sortedByName(items, (i) => i.name).map((i) => i.id)).toEqual([2, 3, 1]);
    expect(items.map((i) => i.id)).toEqual([1, 2, 3]);
  });
});
