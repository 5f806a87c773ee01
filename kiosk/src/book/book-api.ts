import type { ActionOptions } from '@numerek/shared/client';

/** How a press on the booking page is sent: given up after 10 s, tried twice more on a lost answer. */
export const ACTION: ActionOptions = { timeoutMs: 10_000, retryDelaysMs: [1000, 3000] };
