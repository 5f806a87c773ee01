import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createWriteQueue, openDatabase, type Db } from '../../db/database.ts';
import type { WriteQueue } from '../../db/write-queue.ts';
import { AppError } from '../../lib/app-error.ts';
import { fakeClock, type FakeClock } from '../../lib/clock.ts';
import { IdempotencyRepository } from './idempotency.repository.ts';
import {
  bodyHash,
  IDEMPOTENCY_SWEEP_MS,
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

beforeEach(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'numerek-idem-'));
  db = openDatabase(path.join(dir, 'db.sqlite'));
  await db.exec('CREATE TABLE actions (id INTEGER PRIMARY KEY, what TEXT NOT NULL)');
  writes = createWriteQueue(db);
  clock = fakeClock('2026-11-23T08:00:00.000Z');
  service = new IdempotencyService(writes, clock, new IdempotencyRepository(db));
});
afterEach(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

const request = (over: Partial<IdempotentRequest> = {}): IdempotentRequest => ({
  scope: 'device:kiosk-1',
  key: 'key-0001-abcdef',
  route: 'POST /api/tickets',
  body: { categoryId: 'a' },
  ...over,
});

const actions = () => db.value('SELECT count(*) FROM actions');
const storedKeys = () => db.value('SELECT count(*) FROM idempotency_keys');

/** An action that inserts a row and stores its answer in the same write. */
function act(what: string) {
  return (once: Once) =>
    writes.write(async () => {
      const id = await db.value<number>('INSERT INTO actions (what) VALUES (?) RETURNING id', [what]);
      const answer = { id, what };
      await once.record(answer);
      return answer;
    });
}

describe('IdempotencyService', () => {
  it('acts once: a retry with the same key and body gets the first answer, marked as replayed', async () => {
    const first = await service.run(request(), 201, act('issue'));
    const retry = await service.run(request(), 201, act('issue'));
    expect(first).toEqual({ status: 201, body: { id: 1, what: 'issue' }, replayed: false });
    expect(retry).toEqual({ status: 201, body: { id: 1, what: 'issue' }, replayed: true });
    expect(await actions()).toBe(1);
  });

  it('a first attempt does not read its key before acting; a retry acts, keeps nothing of it, and answers the first answer', async () => {
    const keys = new IdempotencyRepository(db);
    let reads = 0;
    const find = keys.find.bind(keys);
    keys.find = (scope, key) => {
      reads++;
      return find(scope, key);
    };
    service = new IdempotencyService(writes, clock, keys);
    const first = await service.run(request(), 201, act('issue'));
    expect(reads).toBe(0);
    const retry = await service.run(request(), 201, act('issue'));
    expect(retry).toEqual({ ...first, replayed: true });
    expect(await actions()).toBe(1);
    expect(await storedKeys()).toBe(1);
    // A new key for a new action: still no read before it acts.
    reads = 0;
    await service.run(request({ key: 'key-0002-abcdef' }), 201, act('issue'));
    expect(reads).toBe(0);
    expect(await actions()).toBe(2);
  });

  it('a retry racing its first attempt waits for it and does not act again', async () => {
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => service.run(request(), 201, act('issue'))),
    );
    expect(answers.map((a) => a.replayed)).toEqual([false, true, true, true, true]);
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
    expect(await actions()).toBe(1);
  });

  it('the same key with another body or another route is refused and does nothing', async () => {
    await service.run(request(), 201, act('issue'));
    const otherBody = service.run(request({ body: { categoryId: 'm' } }), 201, act('issue'));
    await expect(otherBody).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', statusCode: 422 });
    const otherRoute = service.run(request({ route: 'POST /api/counters/c1/next' }), 200, act('next'));
    await expect(otherRoute).rejects.toBeInstanceOf(AppError);
    await expect(otherRoute).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', statusCode: 422 });
    expect(await actions()).toBe(1);
  });

  it('keys belong to their sender: the same key from another device or clerk acts for them', async () => {
    await service.run(request(), 201, act('issue'));
    const other = await service.run(request({ scope: 'device:kiosk-2' }), 201, act('issue'));
    expect(other.replayed).toBe(false);
    expect(await actions()).toBe(2);
  });

  it('a failed action stores nothing, so its retry is judged afresh', async () => {
    const failing = service.run(request(), 201, () =>
      writes.write((): never => {
        throw new AppError('DAILY_LIMIT_REACHED', 'All tickets have been issued today.');
      }),
    );
    await expect(failing).rejects.toMatchObject({ code: 'DAILY_LIMIT_REACHED' });
    expect(await storedKeys()).toBe(0);
    const retry = await service.run(request(), 201, act('issue'));
    expect(retry.replayed).toBe(false);
    expect(await actions()).toBe(1);
  });

  it('the answer is stored in the action’s transaction: a write that fails after recording leaves neither', async () => {
    const failing = service.run(request(), 201, (once) =>
      writes.write(async () => {
        await db.run('INSERT INTO actions (what) VALUES (?)', ['issue']);
        await once.record({ id: 1 });
        throw new Error('the disk is full');
      }),
    );
    await expect(failing).rejects.toThrow('the disk is full');
    expect(await actions()).toBe(0);
    expect(await storedKeys()).toBe(0);
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
    expect(await db.all('SELECT key FROM idempotency_keys')).toEqual([{ key: 'key-0001-abcdef' }]);
  });

  it('sweeps expired keys at most once a minute, and an expired key used again still acts once', async () => {
    await service.run(request({ key: 'old-key-00000001' }), 201, act('issue'));
    clock.advance(IDEMPOTENCY_TTL_MS + 1);
    await service.run(request({ key: 'new-key-00000001' }), 201, act('issue'));
    await service.run(request({ key: 'old-key-00000002' }), 201, act('issue'));
    const keys = async () =>
      (await db.all<{ key: string }>('SELECT key FROM idempotency_keys ORDER BY key')).map((r) => r.key);
    expect(await keys()).toEqual(['new-key-00000001', 'old-key-00000002']);
    // A sweep ten seconds before the two keys expire; then, within the minute, no other sweep.
    clock.advance(IDEMPOTENCY_TTL_MS - 10_000);
    await service.run(request({ key: 'mid-key-00000001' }), 201, act('issue'));
    clock.advance(10_001);
    // The expired key is not replayed: it acts again, once.
    const reused = await service.run(request({ key: 'new-key-00000001' }), 201, act('issue'));
    expect(reused.replayed).toBe(false);
    const again = await service.run(request({ key: 'new-key-00000001' }), 201, act('issue'));
    expect(again).toMatchObject({ replayed: true, body: reused.body });
    expect(await keys()).toEqual(['mid-key-00000001', 'new-key-00000001', 'old-key-00000002']);
    clock.advance(IDEMPOTENCY_SWEEP_MS);
    await service.run(request({ key: 'last-key-0000001' }), 201, act('issue'));
    expect(await keys()).toEqual(['last-key-0000001', 'mid-key-00000001', 'new-key-00000001']);
  });

  it('hashes bodies by content: key order and absent fields do not matter', () => {
    expect(bodyHash({ a: 1, b: [1, { c: 2, d: 3 }] })).toBe(bodyHash({ b: [1, { d: 3, c: 2 }], a: 1 }));
    expect(bodyHash({ a: 1, b: undefined })).toBe(bodyHash({ a: 1 }));
    expect(bodyHash({ a: 1 })).not.toBe(bodyHash({ a: 2 }));
    expect(bodyHash(null)).not.toBe(bodyHash({}));
  });
});
