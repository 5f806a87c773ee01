import type { TicketRecord } from '@numerek/shared';
import { describe, expect, it } from 'vitest';
import { nextLegId, visitLegs } from './ticket-visit.ts';

const leg = (id: string, parent: string | null, next: string | null): TicketRecord =>
  ({
    ticket: { id, parentTicketId: parent },
    events: [
      { type: 'issued', at: '2026-12-07T08:00:00.000Z', actor: 'system', counterId: null, data: {} },
      ...(next
        ? [
            {
              type: 'transferred',
              at: '2026-12-07T08:10:00.000Z',
              actor: 'user:u1',
              counterId: null,
              data: { toTicketId: next },
            },
          ]
        : []),
    ],
  }) as unknown as TicketRecord;

const store = (...legs: TicketRecord[]) => {
  const reads: string[] = [];
  return {
    reads,
    read: (id: string) => {
      reads.push(id);
      return Promise.resolve(legs.find((l) => l.ticket.id === id) ?? null);
    },
  };
};

describe('the legs of a visit', () => {
  const a = leg('a', null, 'b');
  const b = leg('b', 'a', 'c');
  const c = leg('c', 'b', null);

  it('follows the chain both ways from any leg, first to last', async () => {
    for (const start of [a, b, c]) {
      const s = store(a, b, c);
      expect((await visitLegs(start, s.read)).map((l) => l.ticket.id)).toEqual(['a', 'b', 'c']);
      expect(s.reads).toHaveLength(2);
    }
  });

  it('is the ticket alone when it was never transferred, and stops at a leg it cannot read', async () => {
    const alone = leg('x', null, null);
    expect(await visitLegs(alone, store().read)).toEqual([alone]);
    expect((await visitLegs(a, store(a).read)).map((l) => l.ticket.id)).toEqual(['a']);
    expect(nextLegId(a)).toBe('b');
    expect(nextLegId(c)).toBeNull();
  });

  it('stops on a loop in the records', async () => {
    const p = leg('p', 'q', 'q');
    const q = leg('q', 'p', 'p');
    expect((await visitLegs(p, store(p, q).read)).map((l) => l.ticket.id)).toEqual(['q', 'p']);
  });
});
