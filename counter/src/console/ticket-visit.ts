import type { TicketRecord } from '@numerek/shared';

/** More legs than any real visit has: a loop in the records stops here. */
const MAX_LEGS = 20;

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** The ticket a leg's transfer sent the client on to (decision 0003: a child ticket), if any. */
export function nextLegId(record: TicketRecord): string | null {
  for (const ev of record.events) if (ev.type === 'transferred') return str(ev.data.toTicketId);
  return null;
}

/**
 * Every leg of a client's visit, first to last, from any one of them: a transfer ends a ticket and
 * the client waits on as its child, so the story of the visit is the chain of parents and children.
 * Legs that cannot be read (a record gone) end the chain there.
 */
export async function visitLegs(
  record: TicketRecord,
  read: (ticketId: string) => Promise<TicketRecord | null>,
): Promise<TicketRecord[]> {
  const legs = [record];
  const seen = new Set([record.ticket.id]);
  for (let first = record; first.ticket.parentTicketId && legs.length < MAX_LEGS;) {
    const id = first.ticket.parentTicketId;
    if (seen.has(id)) break;
    const before = await read(id);
    if (!before) break;
    seen.add(id);
    legs.unshift(before);
    first = before;
  }
  for (let last = record; legs.length < MAX_LEGS;) {
    const id = nextLegId(last);
    if (!id || seen.has(id)) break;
    const after = await read(id);
    if (!after) break;
    seen.add(id);
    legs.push(after);
    last = after;
  }
  return legs;
}
