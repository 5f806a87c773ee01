import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/database.ts';
import { WriteQueue } from '../../db/write-queue.ts';
import { AppError } from '../../lib/app-error.ts';
import { fakeClock, type FakeClock } from '../../lib/clock.ts';
import { IdempotencyRepository } from './idempotency.repository.ts';
import {
  bodyHash,
  IDEMPOTENCY_TTL_MS,
  IdempotencyService,
  type IdempotentRequest,
  type Once,
} from './idempotency.service.ts';

let dir: string;
let db: Db;
let writes: WriteQueue;
let clock: FakeClock;
let service: IdempotencyService;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'numerek-idem-'));
  db = openDatabase(path.join(dir, 'db.sqlite'));
  db.exec('CREATE TABLE actions (id INTEGER PRIMARY KEY, what TEXT NOT NULL)');
  writes = new WriteQueue(db);
  clock = fakeClock('2026-11-23T08:00:00.000Z');
  service = new IdempotencyService(writes, clock, new IdempotencyRepository(db));
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const request = (over: Partial<IdempotentRequest> = {}): IdempotentRequest => ({
  scope: 'device:kiosk-1',
  key: 'key-0001-abcdef',
  route: 'POST /api/tickets',
  body: { categoryId: 'a' },
  ...over,
});

const actions = () => db.prepare('SELECT count(*) FROM actions').pluck().get();
const storedKeys = () => db.prepare('SELECT count(*) FROM idempotency_keys').pluck().get();

/** An action that inserts a row and stores its answer in the same write. */
function act(what: string) {
  return (once: Once) =>
    writes.write(() => {
      const id = Number(db.prepare('INSERT INTO actions (what) VALUES (?)').run(what).lastInsertRowid);
      const answer = { id, what };
      once.record(answer);
      return answer;
    });
}

describe('IdempotencyService', () => {
  it('acts once: a retry with the same key and body gets the first answer, marked as replayed', async () => {
    const first = await service.run(request(), 201, act('issue'));
    const retry = await service.run(request(), 201, act('issue'));
    expect(first).toEqual({ status: 201, body: { id: 1, what: 'issue' }, replayed: false });
    expect(retry).toEqual({ status: 201, body: { id: 1, what: 'issue' }, replayed: true });
    expect(actions()).toBe(1);
  });

  it('a retry racing its first attempt waits for it and does not act again', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => service.run(request(), 201, act('issue'))),
    );
    expect(answers.map((a) => a.replayed)).toEqual([false, true, true, true, true]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(actions()).toBe(1);
  });

  it('the same key with another body or another route is refused and does nothing', async () => {
    await service.run(request(), 201, act('issue'));
    const otherBody = service.run(request({ body: { categoryId: 'm' } }), 201, act('issue'));
    await expect(otherBody).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', statusCode: 422 });
    const otherRoute = service.run(request({ route: 'POST /api/counters/c1/next' }), 200, act('next'));
    await expect(otherRoute).rejects.toBeInstanceOf(AppError);
    await expect(otherRoute).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', statusCode: 422 });
    expect(actions()).toBe(1);
  });

  it('keys belong to their sender: the same key from another device or clerk acts for them', async () => {
    await service.run(request(), 201, act('issue'));
    const other = await service.run(request({ scope: 'device:kiosk-2' }), 201, act('issue'));
    expect(other.replayed).toBe(false);
    expect(actions()).toBe(2);
  });

  it('a failed action stores nothing, so its retry is judged afresh', async () => {
    const failing = service.run(request(), 201, () =>
      writes.write((): never => {
        throw new AppError('DAILY_LIMIT_REACHED', 'All tickets have been issued today.');
      }),
    );
    await expect(failing).rejects.toMatchObject({ code: 'DAILY_LIMIT_REACHED' });
    expect(storedKeys()).toBe(0);
    const retry = await service.run(request(), 201, act('issue'));
    expect(retry.replayed).toBe(false);
    expect(actions()).toBe(1);
  });

  it('the answer is stored in the action’s transaction: a write that fails after recording leaves neither', async () => {
    const failing = service.run(request(), 201, (once) =>
      writes.write(() => {
        db.prepare('INSERT INTO actions (what) VALUES (?)').run('issue');
        once.record({ id: 1 });
        throw new Error('the disk is full');
      }),
    );
    await expect(failing).rejects.toThrow('the disk is full');
    expect(actions()).toBe(0);
    expect(storedKeys()).toBe(0);
  });

  it('amend replaces the stored answer with what became known after the commit', async () => {
    await service.run(request(), 201, async (once) => {
      const answer = await act('issue')(once);
      const printed = { ...answer, print: 'printed' };
      await once.amend(printed);
      return printed;
    });
    const retry = await service.run(request(), 201, act('issue'));
    expect(retry.body).toEqual({ id: 1, what: 'issue', print: 'printed' });
  });

  it('keys expire after 24 hours, and a later write sweeps the expired ones', async () => {
    await service.run(request(), 201, act('issue'));
    await service.run(request({ key: 'another-key-0002' }), 201, act('issue'));
    clock.advance(IDEMPOTENCY_TTL_MS + 1);
    const again = await service.run(request(), 201, act('issue'));
    expect(again).toMatchObject({ replayed: false, body: { id: 3 } });
    // The expired other key went with that write; only the fresh one is left.
    expect(db.prepare('SELECT key FROM idempotency_keys').pluck().all()).toEqual(['key-0001-abcdef']);
  });

  it('hashes bodies by content: key order and absent fields do not matter', () => {
    expect(bodyHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(bodyHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(bodyHash({ a: 1, b: undefined })).toBe(bodyHash({ a: 1 }));
    expect(bodyHash({ a: 1 })).not.toBe(bodyHash({ a: 2 }));
    expect(bodyHash(null)).not.toBe(bodyHash({}));
  });
});
