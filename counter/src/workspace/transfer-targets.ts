import type { Counter, PublicCategory } from '@numerek/shared';

/**
 * Whether a category takes transferred clients now: open by its hours, and served by an active
 * counter (the server refuses the others; a transfer naming a counter needs only the hours).
 */
export function categoryTakes(
  category: PublicCategory,
  counters: readonly Counter[],
): 'yes' | 'closed' | 'no_counter' {
  if (!category.open) return 'closed';
  return counters.some((c) => c.active && c.categoryIds.includes(category.id)) ? 'yes' : 'no_counter';
}
