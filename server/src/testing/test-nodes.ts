import { MemoryPrinter } from '@numerek/hardware';
import { buildApp } from '../app.ts';
import { loadConfig, type Config } from '../config/config.ts';
import { connectDatabase, type Db } from '../db/database.ts';
import type { OutboxOptions } from '../db/outbox.ts';
import type { App } from '../http/types.ts';
import { ADMIN_PASSWORD, PASSWORD_COST, type TestApp } from './test-app.ts';

/** Another server process (node) of a test installation: its own app and connections, one database. */
export interface TestNode {
  app: App;
  db: Db;
  config: Config;
  close(): Promise<void>;
}

/**
 * Starts another node on the database of `first` (which must be on PostgreSQL), as a central
 * installation runs several processes: its own HTTP server, realtime gateway, caches, outbox
 * reader and connections; the same clock as `first` (on a real installation every node takes the
 * database server's time). Sessions and device tokens made through `first` work here too.
 */
export async function startNode(
  first: TestApp,
  opts: { env?: Record<string, string>; outbox?: OutboxOptions } = {},
): Promise<TestNode> {
  if (first.target.engine !== 'postgres') throw new Error('nodes share a PostgreSQL database');
  const config = loadConfig({
    DATA_DIR: first.dataDir,
    LOG_LEVEL: 'silent',
    ADMIN_PASSWORD,
    ISSUE_RATE_PER_MINUTE: '1000000',
    LOGIN_RATE_PER_MINUTE: '1000000',
    PRINTER_ALLOW_LOCAL: 'true',
    ...opts.env,
  });
  const db = await connectDatabase(first.target);
  const app = await buildApp({
    config,
    db,
    clock: first.clock,
    printer: new MemoryPrinter(),
    passwordCost: PASSWORD_COST,
    serveApps: false,
    ...(opts.outbox ? { outbox: opts.outbox } : {}),
  });
  return {
    app,
    db,
    config,
    close: async () => {
      await app.close();
      await db.close();
    },
  };
}
