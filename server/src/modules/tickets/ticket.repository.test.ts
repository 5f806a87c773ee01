import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { markWrites } from '../../db/cache-guard.ts';
import { createWriteQueue, openDatabase } from '../../db/database.ts';
import { TicketRepository, type NewTicket } from './ticket.repository.ts';

/** A ticket store in memory, or in a file (where reads outside a write see only committed data). */
async function setup(file = ':memory:') {
  const db = openDatabase(file);
  await db.exec(`INSERT INTO offices VALUES ('o', 'O', 'Europe/Warsaw', 0);
    INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('c', 'o', 'A', '{}', 0, 0);`);
  const writes = markWrites(createWriteQueue(db));
  const repo = new TicketRepository(db);
  writes.onRollback(() => repo.forgetCached());
  const sqlCount = () => db.value<number>("SELECT count(*) FROM tickets WHERE state = 'waiting'");
  return { db, writes, repo, sqlCount };
}

const fileDb = () => path.join(mkdtempSync(path.join(tmpdir(), 'numerek-tickets-')), 'db.sqlite');
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

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
    booked: 0,
    ...over,
  };
};

describe('a move between states', () => {
  it('answers the ticket as changed, and null when it was no longer in the state it moved from', async () => {
    const { writes, repo } = await setup();
    const a = ticket();
    await writes.write(() => repo.insert(a));
    const moved = await writes.write(() =>
      repo.transition(a.id, 'waiting', { state: 'called', counter_id: null, called_at: 42 }),
    );
    expect(moved).toMatchObject({
      id: a.id,
      code: a.code,
      state: 'called',
      called_at: 42,
      issued_at: a.issued_at,
    });
    expect(moved).toEqual(await repo.find(a.id));
    expect(await writes.write(() => repo.transition(a.id, 'waiting', { state: 'called' }))).toBeNull();
    expect((await repo.find(a.id))?.called_at).toBe(42);
  });
});

describe('the in-memory waiting lists', () => {
  it('follow inserts and calls', async () => {
    const { writes, repo, sqlCount } = await setup();
    expect(await repo.countWaiting('c')).toBe(0);
    const a = ticket();
    await writes.write(() => repo.insert(a));
    await writes.write(() => repo.insert(ticket()));
    expect(await repo.countWaiting('c')).toBe(2);
    await writes.write(() => repo.transition(a.id, 'waiting', { state: 'called' }));
    expect((await repo.waitingInCategory('c')).map((w) => w.id)).not.toContain(a.id);
    expect(await repo.countWaiting('c')).toBe(await sqlCount());
  });

  it('of several categories are read in one statement, kept, and followed as one category’s are', async () => {
    const { db, writes, repo } = await setup();
    await db.exec(
      `INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('d', 'o', 'B', '{}', 0, 0), ('e', 'o', 'C', '{}', 0, 0);`,
    );
    const [c1, c2, d1] = [ticket(), ticket(), ticket({ category_id: 'd' })];
    await writes.write(async () => {
      for (const t of [c1, c2, d1]) await repo.insert(t);
    });
    repo.forgetCached();
    const reads: string[] = [];
    const all = db.all.bind(db);
    db.all = (sql, params) => {
      reads.push(sql);
      return all(sql, params);
    };
    expect(await repo.countWaitingIn(['c', 'd', 'e'])).toBe(3);
    expect(reads).toHaveLength(1);
    expect((await repo.waitingInCategories(['d', 'c'])).map((w) => w.id).sort()).toEqual(
      [c1.id, c2.id, d1.id].sort(),
    );
    expect(await repo.countWaiting('e')).toBe(0);
    expect(reads).toHaveLength(1);
    await writes.write(() => repo.transition(c1.id, 'waiting', { state: 'called' }));
    await writes.write(() => repo.insert(ticket({ category_id: 'e' })));
    expect(await repo.countWaitingIn(['c', 'd', 'e'])).toBe(3);
    expect(reads).toHaveLength(1);
    db.all = all;
  });

  it('forget a ticket whose write was rolled back', async () => {
    const { writes, repo, sqlCount } = await setup();
    await writes.write(() => repo.insert(ticket()));
    expect(await repo.countWaiting('c')).toBe(1);
    await expect(
      writes.write(async () => {
        await repo.insert(ticket());
        throw new Error('refused after the insert');
      }),
    ).rejects.toThrow('refused');
    expect(await sqlCount()).toBe(1);
    expect(await repo.countWaiting('c')).toBe(1);
  });

  it('are not kept from a read made while a write that changes them is open', async () => {
    const { writes, repo, sqlCount } = await setup(fileDb());
    let inserted = (): void => undefined;
    const insertedNow = new Promise<void>((resolve) => (inserted = resolve));
    // The write inserts a ticket, then stays open a moment before it commits.
    const write = writes.write(async () => {
      await repo.insert(ticket());
      inserted();
      await tick();
    });
    await insertedNow;
    // Read outside the write: only committed data, so no ticket yet.
    expect(await repo.countWaiting('c')).toBe(0);
    await write;
    expect(await sqlCount()).toBe(1);
    expect(await repo.countWaiting('c')).toBe(1);
  });

  it('are not kept from a read that a write overlapped', async () => {
    const { db, writes, repo } = await setup(fileDb());
    await writes.write(() => repo.insert(ticket()));
    // The read starts before the write and finishes after it was committed.
    let release = (): void => undefined;
    const slowRead = (async () => {
      const wait = new Promise<void>((resolve) => (release = resolve));
      const all = db.all.bind(db);
      db.all = async <R>(sql: string, params?: Parameters<typeof all>[1]) => {
        const rows = await all<R>(sql, params);
        await wait;
        return rows;
      };
      try {
        return await repo.countWaiting('c');
      } finally {
        db.all = all;
      }
    })();
    await writes.write(() => repo.insert(ticket()));
    release();
    expect(await slowRead).toBe(1);
    expect(await repo.countWaiting('c')).toBe(2);
  });
});

describe('another node’s change', () => {
  it('drops the waiting lists of its office only (and empty ones, whose office is unknown); without a scope, all', async () => {
    const { db, writes, repo } = await setup();
    await db.exec(`INSERT INTO offices VALUES ('p', 'P', 'Europe/Warsaw', 0);
      INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('d', 'p', 'B', '{}', 0, 0), ('e', 'p', 'C', '{}', 0, 0);`);
    await writes.write(async () => {
      await repo.insert(ticket());
      await repo.insert(ticket({ office_id: 'p', category_id: 'd' }));
    });
    for (const category of ['c', 'd', 'e']) await repo.countWaiting(category);
    // Another node (its own repository on the same database) issues a ticket in every category.
    const other = new TicketRepository(db);
    const behind = () =>
      writes.write(async () => {
        for (const [office, category] of [
          ['o', 'c'],
          ['p', 'd'],
          ['p', 'e'],
        ] as const)
          await other.insert(ticket({ office_id: office, category_id: category }));
      });
    await behind();
    repo.forgetCached({ officeId: 'o', queueOnly: true });
    expect(await repo.countWaiting('c')).toBe(2);
    expect(await repo.countWaiting('d')).toBe(1); // office P's list is kept as it was
    expect(await repo.countWaiting('e')).toBe(1); // was empty: its office was not known, read again
    repo.forgetCached();
    expect(await repo.countWaiting('d')).toBe(2);
  });
});

describe('the clerk’s list of waiting tickets', () => {
  it('reads the oldest of each class up to the limit, the booked and those sent to this counter, then whole tickets by id', async () => {
    const { db, writes, repo } = await setup();
    await db.exec(`INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('d', 'o', 'B', '{}', 0, 0);
      INSERT INTO counters (id, office_id, name, number, created_at, updated_at) VALUES ('k1', 'o', 'K1', 1, 0, 0), ('k2', 'o', 'K2', 2, 0, 0);`);
    const inC = [ticket(), ticket(), ticket()];
    const priorityInC = [
      ticket({ priority_weight: 4 }),
      ticket({ priority_weight: 4 }),
      ticket({ priority_weight: 4 }),
    ];
    const bookedInC = [ticket({ booked: 1 }), ticket({ booked: 1 }), ticket({ booked: 1 })];
    const inD = [ticket({ category_id: 'd' }), ticket({ category_id: 'd' })];
    const toMe = ticket({ category_id: 'd', target_counter_id: 'k1', note: 'for you' });
    const toOther = ticket({ target_counter_id: 'k2' });
    const called = ticket();
    await writes.write(async () => {
      for (const t of [...inC, ...priorityInC, ...bookedInC, ...inD, toMe, toOther, called])
        await repo.insert(t);
      await repo.transition(called.id, 'waiting', { state: 'called' });
    });
    const heads = await repo.candidates(['c', 'd'], 'k1', 2);
    expect(heads.map((w) => w.id).sort()).toEqual(
      [inC[0], inC[1], priorityInC[0], priorityInC[1], ...bookedInC, inD[0], inD[1], toMe]
        .map((t) => t?.id)
        .sort(),
    );
    const rows = await repo.findMany([toMe.id, called.id, 'none']);
    expect(rows.map((r) => r.id).sort()).toEqual([toMe.id, called.id].sort());
    expect(rows.find((r) => r.id === toMe.id)).toMatchObject({
      note: 'for you',
      language: 'pl',
      code: toMe.code,
    });
  });

  it('counts per category every ticket the counter may call, and when the first of them joined', async () => {
    const { db, writes, repo } = await setup();
    await db.exec(`INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('d', 'o', 'B', '{}', 0, 0), ('e', 'o', 'E', '{}', 0, 0);
      INSERT INTO counters (id, office_id, name, number, created_at, updated_at) VALUES ('k1', 'o', 'K1', 1, 0, 0), ('k2', 'o', 'K2', 2, 0, 0);`);
    const inC = [ticket(), ticket({ priority_weight: 4 }), ticket({ booked: 1 })];
    const toMe = ticket({ category_id: 'e', target_counter_id: 'k1' });
    const toOther = ticket({ target_counter_id: 'k2' });
    const called = ticket();
    await writes.write(async () => {
      for (const t of [called, ...inC, toMe, toOther]) await repo.insert(t);
      await repo.transition(called.id, 'waiting', { state: 'called' });
    });
    expect(await repo.waitingCountsFor(['c', 'd'], 'k1')).toEqual(
      new Map([
        ['c', { waiting: 3, oldest: inC[0]?.queued_at }],
        ['e', { waiting: 1, oldest: toMe.queued_at }],
      ]),
    );
    expect(await repo.waitingCountsFor([], 'k2')).toEqual(
      new Map([['c', { waiting: 1, oldest: toOther.queued_at }]]),
    );
  });
});

describe('whether a counter has anyone to call', () => {
  it('sees a waiting ticket of a category served or one sent to the counter, and nothing else', async () => {
    const { db, writes, repo } = await setup();
    await db.exec(`INSERT INTO categories (id, office_id, prefix, names, created_at, updated_at) VALUES ('d', 'o', 'B', '{}', 0, 0);
      INSERT INTO counters (id, office_id, name, number, created_at, updated_at) VALUES ('k1', 'o', 'K1', 1, 0, 0), ('k2', 'o', 'K2', 2, 0, 0);`);
    expect(await repo.anyToCall(['c', 'd'], 'k1')).toBe(false);
    const called = ticket({ category_id: 'd' });
    const toOther = ticket({ target_counter_id: 'k2' });
    await writes.write(async () => {
      await repo.insert(called);
      await repo.transition(called.id, 'waiting', { state: 'called' });
      await repo.insert(toOther);
    });
    expect(await repo.anyToCall(['c', 'd'], 'k1'), 'called, or sent to another counter').toBe(false);
    expect(await repo.anyToCall(['c'], 'k2'), 'sent to this counter').toBe(true);
    await writes.write(() => repo.insert(ticket({ category_id: 'd' })));
    expect(await repo.anyToCall(['c'], 'k1'), 'another category').toBe(false);
    expect(await repo.anyToCall(['c', 'd'], 'k1')).toBe(true);
    expect(await repo.anyToCall([], 'k1'), 'no category served').toBe(false);
    expect(await repo.anyToCall([], 'k2')).toBe(true);
  });
});

describe('the walk-ins issued over the last hour', () => {
  it('counts priority and regular walk-ins per category since a time, leaving out checked-in bookings', async () => {
    const { writes, repo } = await setup();
    const at = (issued_at: number, over: Partial<NewTicket> = {}) =>
      writes.write(() => repo.insert(ticket({ issued_at, queued_at: issued_at, ...over })));
    await at(10);
    await at(100);
    await at(110, { priority_weight: 4 });
    await at(120, { priority_weight: 3 });
    await at(130, { booked: 1 });
    await at(140, { booked: 1, priority_weight: 4 });
    const since = await repo.walkInsIssuedSince('o', ['c'], 100);
    expect(since.get('c')).toEqual({ priority: 2, weight: 4, regular: 1 });
    expect((await repo.walkInsIssuedSince('o', ['c'], 1000)).size).toBe(0);
    expect((await repo.walkInsIssuedSince('o', [], 0)).size).toBe(0);
    await at(150, { priority_weight: 1 });
    expect((await repo.walkInsIssuedSince('o', ['c'], 145)).get('c')).toEqual({
      priority: 0,
      weight: 1,
      regular: 1,
    });
  });
});
