import type { Category } from '@numerek/shared';
import { AppError } from '../../lib/app-error.ts';

/**
 * The refusal of a ticket, a booking or a transfer to a category no active counter is set up to
 * serve: nobody could call the client.
 */
export function noCounterFor(category: Pick<Category, 'prefix' | 'names'>): AppError<'CATEGORY_CLOSED'> {
  return new AppError(
    'CATEGORY_CLOSED',
    `No active counter serves category ${category.prefix} (${category.names.pl}).`,
    { category: category.prefix, reason: 'no_counter' },
  );
}
