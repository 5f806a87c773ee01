import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../db/database.ts';
import { WriteQueue } from '../../db/write-queue.ts';
import { TicketRepository, type NewTicket } from './ticket.repository.ts';

function setup() {
  const db = openDatabase(':memory:');
  db.exec(`INSERT INTO offices VALUES ('o', 'O', 'Europe/Warsaw', 0);
    INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('c', 'o', 'A', '{}', 0, 0);`);
  const writes = new WriteQueue(db);
  const repo = new TicketRepository(db);
  writes.onRollback(() => repo.forgetCached());
  const sqlCount = () => db.prepare("SELECT count(*) FROM tickets WHERE state = 'waiting'").pluck().get();
  return { db, writes, repo, sqlCount };
}

let n = 0;
const ticket = (over: Partial<NewTicket> = {}): NewTicket => {
  n++;
  return {
    id: `t${n}`,
    office_id: 'o',
    category_id: 'c',
    service_day: '2026-11-23',
    number: n,
    code: `A${n}`,
    priority_weight: 1,
    state: 'waiting',
    target_counter_id: null,
    parent_ticket_id: null,
    note: null,
    language: 'pl',
    issued_at: n,
    queued_at: n,
    estimate_min: 0,
    estimate_max: 0,
    issued_by_device_id: null,
    issued_by_user_id: null,
    interpreter_requested: 0,
    ...over,
  };
};

describe('the in-memory waiting lists', () => {
  it('follow inserts and calls', async () => {
    const { writes, repo, sqlCount } = setup();
    expect(repo.countWaiting('c')).toBe(0);
    const a = ticket();
    await writes.write(() => repo.insert(a));
    await writes.write(() => repo.insert(ticket()));
    expect(repo.countWaiting('c')).toBe(2);
    await writes.write(() => repo.transition(a.id, 'waiting', { state: 'called' }));
    expect(repo.waitingInCategory('c').map((w) => w.id)).not.toContain(a.id);
    expect(repo.countWaiting('c')).toBe(sqlCount());
  });

  it('forget a ticket whose write was rolled back', async () => {
    const { writes, repo, sqlCount } = setup();
    await writes.write(() => repo.insert(ticket()));
    expect(repo.countWaiting('c')).toBe(1);
    await expect(
      writes.write(() => {
        repo.insert(ticket());
        throw new Error('refused after the insert');
      }),
    ).rejects.toThrow('refused');
    expect(sqlCount()).toBe(1);
    expect(repo.countWaiting('c')).toBe(1);
  });
});

describe('the clerk’s list of waiting tickets', () => {
  it('holds whole tickets: the longest-waiting of each category served, and those sent to this counter', async () => {
    const { db, writes, repo } = setup();
    db.exec(`INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('d', 'o', 'B', '{}', 0, 0);
      INSERT INTO counters (id, office_id, name, number, created_at, updated_at) VALUES ('k1', 'o', 'K1', 1, 0, 0), ('k2', 'o', 'K2', 2, 0, 0);`);
    const inC = [ticket(), ticket(), ticket()];
    const inD = [ticket({ category_id: 'd' }), ticket({ category_id: 'd' })];
    const toMe = ticket({ category_id: 'd', target_counter_id: 'k1', note: 'for you' });
    const toOther = ticket({ target_counter_id: 'k2' });
    const called = ticket();
    await writes.write(() => {
      for (const t of [...inC, ...inD, toMe, toOther, called]) repo.insert(t);
      repo.transition(called.id, 'waiting', { state: 'called' });
    });
    const rows = repo.waitingRowsFor(['c', 'd'], 'k1', 2);
    expect(rows.map((r) => r.id).sort()).toEqual(
      [inC[0], inC[1], inD[0], inD[1], toMe].map((t) => t?.id).sort(),
    );
    expect(rows.find((r) => r.id === toMe.id)).toMatchObject({
      note: 'for you',
      language: 'pl',
      code: toMe.code,
    });
  });
});
