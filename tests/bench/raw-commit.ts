import { openDatabase } from '@numerek/server';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { summarize, type LatencySummary } from './stats.ts';

export interface RawCommitResult {
  commits: number;
  seconds: number;
  perSecond: number;
  /** Time of each single-insert transaction, commit (fsync) included. */
  latency: LatencySummary;
  journalMode: string;
  synchronous: number;
}

/**
 * The ceiling the disk sets: one ticket-shaped INSERT per transaction (one fsync each) into a
 * fresh SQLite file opened exactly like the server's (`openDatabase`: WAL, synchronous = FULL).
 * The table copies the ticket columns and the indexes that an insert has to maintain.
 */
export function measureRawCommits(commits: number): RawCommitResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'numerek-bench-raw-'));
  const sqlite = openDatabase(path.join(dir, 'raw.sqlite'));
  const db = sqlite.raw;
  try {
    const journalMode = String(db.pragma('journal_mode', { simple: true }));
    const synchronous = Number(db.pragma('synchronous', { simple: true }));
    db.exec(`
      CREATE TABLE bench_tickets (
        id TEXT PRIMARY KEY, office_id TEXT NOT NULL, category_id TEXT NOT NULL, service_day TEXT NOT NULL,
        number INTEGER NOT NULL, code TEXT NOT NULL, priority_weight REAL NOT NULL DEFAULT 1, state TEXT NOT NULL,
        target_counter_id TEXT, parent_ticket_id TEXT, language TEXT NOT NULL DEFAULT 'pl',
        issued_at INTEGER NOT NULL, queued_at INTEGER NOT NULL, estimate_min INTEGER NOT NULL, estimate_max INTEGER NOT NULL,
        issued_by_device_id TEXT
      );
      CREATE UNIQUE INDEX bench_tickets_number ON bench_tickets(category_id, service_day, number) WHERE parent_ticket_id IS NULL;
      CREATE INDEX bench_tickets_waiting ON bench_tickets(category_id, priority_weight, queued_at, id)
        WHERE state = 'waiting' AND target_counter_id IS NULL;
      CREATE INDEX bench_tickets_day ON bench_tickets(office_id, service_day);
    `);
    const insert = db.prepare(
      `INSERT INTO bench_tickets (id, office_id, category_id, service_day, number, code, priority_weight, state,
         target_counter_id, parent_ticket_id, language, issued_at, queued_at, estimate_min, estimate_max, issued_by_device_id)
       VALUES (@id, @office_id, @category_id, @service_day, @number, @code, @priority_weight, 'waiting',
         NULL, NULL, 'pl', @issued_at, @issued_at, @estimate_min, @estimate_max, @device)`,
    );
    const one = db.transaction((n: number) => {
      insert.run({
        id: randomBytes(12).toString('base64url'),
        office_id: 'office-1',
        category_id: `category-${n % 6}`,
        service_day: '2026-11-23',
        number: n,
        code: `A${String(n).padStart(3, '0')}`,
        priority_weight: n % 5 === 0 ? 3 : 1,
        issued_at: Date.now(),
        estimate_min: 5,
        estimate_max: 15,
        device: 'kiosk-1',
      });
    });
    for (let n = 0; n < 50; n++) one(-1 - n); // warm the file, the statement and the page cache
    const each: number[] = [];
    const started = performance.now();
    for (let n = 1; n <= commits; n++) {
      const t0 = performance.now();
      one(n);
      each.push(performance.now() - t0);
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      commits,
      seconds,
      perSecond: commits / seconds,
      latency: summarize(each),
      journalMode,
      synchronous,
    };
  } finally {
    void sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
