import { MemoryPrinter } from '@numerek/hardware';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from './config/config.ts';
import { openDatabase } from './db/database.ts';
import { fakeClock } from './lib/clock.ts';
import { SessionRepository } from './modules/auth/session.repository.ts';
import { CounterRepository } from './modules/counters/counter.repository.ts';
import { DeviceRepository } from './modules/devices/device.repository.ts';
import { TicketRepository } from './modules/tickets/ticket.repository.ts';
import { UserRepository } from './modules/users/user.repository.ts';
import { buildServices } from './services.ts';
import { MONDAY_9AM } from './testing/test-app.ts';

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function services() {
  const dir = mkdtempSync(path.join(tmpdir(), 'numerek-services-'));
  const config = loadConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' });
  const db = openDatabase(config.databaseFile);
  cleanups.push(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return buildServices({ config, db, clock: fakeClock(MONDAY_9AM), printer: new MemoryPrinter() }, silent);
}

describe('the services', () => {
  it('drop what every caching repository keeps in memory when a write is rolled back', async () => {
    const cached = [TicketRepository, CounterRepository, UserRepository, SessionRepository, DeviceRepository];
    const forgotten = cached.map((repo) => vi.spyOn(repo.prototype, 'forgetCached'));
    const s = services();
    await expect(
      s.writes.write(() => {
        throw new Error('refused inside the write');
      }),
    ).rejects.toThrow('refused inside the write');
    for (const [i, spy] of forgotten.entries()) expect(spy, cached[i]?.name).toHaveBeenCalledTimes(1);
  });
});
