import type { Counter, PublicCategory } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { categoryTakes } from './transfer-targets.ts';

const category = (id: string, open: boolean) => ({ id, open }) as PublicCategory;
const counter = (categoryIds: string[], active = true, state: Counter['state'] = 'closed') =>
  ({ id: `c-${categoryIds.join('')}`, categoryIds, active, state }) as Counter;

describe('which categories take a transferred client', () => {
  it('an open category an active counter is set up for, even one closed for the moment', () => {
    expect(categoryTakes(category('A', true), [counter(['A'])])).toBe('yes');
  });

  it('not one closed by its hours, nor one only a deactivated counter or none serves', () => {
    expect(categoryTakes(category('A', false), [counter(['A'], true, 'open')])).toBe('closed');
    expect(categoryTakes(category('A', true), [counter(['A'], false)])).toBe('no_counter');
    expect(categoryTakes(category('A', true), [counter(['B'])])).toBe('no_counter');
  });
});
