import type { Counter } from '@numerek/shared';
import type { CounterRecord } from './counter.repository.ts';

/** A counter as the protocol shows it: the workflow's internals stripped. */
export const publicCounter = ({
  sessionId: _s,
  consecutivePriorityCalls: _c,
  ...c
}: CounterRecord): Counter => c;
