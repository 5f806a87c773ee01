import { describe, expect, it } from 'vitest';
import { MemoryPrinter, type TicketJob } from './ticket-printer.ts';

const job: TicketJob = {
  timeZone: 'Europe/Warsaw',
  counters: [{ number: 1, name: 'Stanowisko 1' }],
  interpreter: false,
  ticketId: 'x1',
  code: 'A001',
  categoryName: 'Dowody osobiste',
  officeName: 'Urząd',
  issuedAt: '2026-11-23T08:00:00.000Z',
  peopleAhead: 0,
  estimatedWait: { minMinutes: 0, maxMinutes: 5 },
  statusUrl: 'http://localhost:3000/t/x1',
  language: 'pl',
};

describe('MemoryPrinter', () => {
  it('records jobs while ok and refuses them when out of paper', async () => {
    const p = new MemoryPrinter();
    await p.print(job);
    p.state = 'paper_out';
    await expect(p.print(job)).rejects.toThrow(/paper_out/);
    expect(p.jobs).toHaveLength(1);
    expect(await p.status()).toBe('paper_out');
  });
});
