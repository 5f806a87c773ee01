import { newDatabase } from '@numerek/server/testing/postgres';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/database.ts';
import { PostgresDb } from '../../server/src/db/postgres/postgres-db.ts';
import { databaseClock, readServerClock } from '../../server/src/lib/database-clock.ts';

describe('the database clock on a real server', () => {
  it('on PostgreSQL reads the database server’s time: on this machine, within a few milliseconds of ours', async () => {
    const db = new PostgresDb(await newDatabase());
    try {
      const clock = await databaseClock(db);
      // The server runs on this machine, so the offset is only what measuring could not remove.
      expect(Math.abs(clock.offsetMs)).toBeLessThan(50);
      const before = await readServerClock(db);
      const stamped = clock.now();
      const after = await readServerClock(db);
      expect(stamped).toBeGreaterThanOrEqual(Math.floor(before) - 50);
      expect(stamped).toBeLessThanOrEqual(Math.ceil(after) + 50);
      clock.stop();
    } finally {
      await db.close();
    }
  });

  it('on SQLite is the system clock', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-clock-'));
    const db = openDatabase(path.join(dir, 'numerek.sqlite'));
    const clock = await databaseClock(db);
    const before = Date.now();
    const stamped = clock.now();
    expect(clock.offsetMs).toBe(0);
    expect(stamped).toBeGreaterThanOrEqual(before);
    expect(stamped).toBeLessThanOrEqual(Date.now());
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
