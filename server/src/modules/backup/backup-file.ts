import { BACKUP_NAME_PATTERN, type BackupFile } from '@numerek/shared';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';

/** A SQLite connection to copy from (the server's writer, or the command line's read-only one). */
export type BackupSource = Database.Database;

const NAME = new RegExp(BACKUP_NAME_PATTERN);

/** True for a name this module writes; nothing else in the backup folder is listed or served. */
export function isBackupName(name: string): boolean {
  return NAME.test(name);
}

/** `numerek-2026-11-23T08-00-00Z.sqlite`, with `-1`, `-2`… when that second is already taken. */
export function backupName(at: number, taken: ReadonlySet<string>): string {
  const stamp = new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z').replace(/:/g, '-');
  for (let seq = 0; ; seq++) {
    const name = `numerek-${stamp}${seq ? `-${seq}` : ''}.sqlite`;
    if (!taken.has(name)) return name;
  }
}

/** When a backup was taken, from its name, and its place among backups of the same second. */
export function backupTime(name: string): { at: number; seq: number } | null {
  const m = /^numerek-(\d{4}-\d{2}-\d{2})T(\d{2})-(\d{2})-(\d{2})Z(?:-(\d+))?\.sqlite$/.exec(name);
  if (!m || !isBackupName(name)) return null;
  const at = Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`);
  return Number.isNaN(at) ? null : { at, seq: Number(m[5] ?? 0) };
}

/** The backups in `dir`, newest first; an absent folder has none. */
export function listBackups(dir: string): BackupFile[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: Array<BackupFile & { seq: number; at: number }> = [];
  for (const name of names) {
    const time = backupTime(name);
    if (!time) continue;
    const stat = statSync(path.join(dir, name), { throwIfNoEntry: false });
    if (!stat?.isFile()) continue;
    found.push({ name, sizeBytes: stat.size, createdAt: new Date(time.at).toISOString(), ...time });
  }
  return found
    .sort((a, b) => b.at - a.at || b.seq - a.seq)
    .map(({ name, sizeBytes, createdAt }) => ({ name, sizeBytes, createdAt }));
}

/** Deletes all but the newest `keep` backups in `dir`; returns the names deleted. */
export function pruneBackups(dir: string, keep: number, now = Date.now()): string[] {
  const old = listBackups(dir).slice(Math.max(keep, 1));
  for (const b of old) rmSync(path.join(dir, b.name), { force: true });
  removeAbandonedCopies(dir, now);
  return old.map((b) => b.name);
}

/** A copy still unfinished after this long was abandoned (the process stopped mid-copy). */
const ABANDONED_AFTER_MS = 60 * 60 * 1000;

/**
 * Deletes the temporary files of copies that never finished. Recent ones are left alone: the
 * command line may be writing one into the same folder right now. `now` is wall-clock time,
 * compared with the files' modification times.
 */
function removeAbandonedCopies(dir: string, now: number): void {
  for (const name of readdirSync(dir)) {
    if (!/^\.numerek-.*\.partial(-wal|-shm|-journal)?$/.test(name)) continue;
    const stat = statSync(path.join(dir, name), { throwIfNoEntry: false });
    if (stat && now - stat.mtimeMs > ABANDONED_AFTER_MS) rmSync(path.join(dir, name), { force: true });
  }
}

export interface CopyCheck {
  /** `ok`, or SQLite's list of problems joined by new lines. */
  integrity: string;
  /** Ticket records in the copy. */
  tickets: number;
}

// Runs in a worker thread: on a large database the integrity check reads every page, which takes
// about a second for 100,000 tickets (36 MB) and would hold up every request meanwhile.
const CHECK_IN_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
try {
  db.pragma('journal_mode = DELETE');
  let integrity;
  try {
    const rows = db.pragma('integrity_check');
    integrity = rows.map((r) => r.integrity_check).join('\\n') || 'no answer';
  } catch (error) {
    // A copy too damaged to check is reported, not thrown.
    integrity = String(error && error.message);
  }
  let tickets = 0;
  try {
    tickets = Number(db.prepare('SELECT count(*) FROM tickets').pluck().get());
  } catch {
    // counted as none
  }
  parentPort.postMessage({ integrity, tickets });
} finally {
  db.close();
}
`;
const DRIVER = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * Opens a fresh copy on its own (in a worker thread), turns it into a single self-contained file
 * (rollback journal instead of WAL, so no `-wal` file belongs to it), runs
 * `PRAGMA integrity_check` on it and counts its tickets.
 */
export function checkCopy(file: string): Promise<CopyCheck> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CHECK_IN_WORKER, { eval: true, workerData: { driver: DRIVER, file } });
    worker.once('message', (check: CopyCheck) => resolve(check));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the backup check stopped with code ${code}`)));
  });
}

export interface BackupOptions {
  /** Pages copied per step; between steps the event loop serves requests. */
  pagesPerStep: number;
  /** Called after each step (for measuring how long the loop was held). */
  onStep?: (remainingPages: number, totalPages: number) => void;
}

export interface CopyOutcome extends CopyCheck {
  file: string;
  sizeBytes: number;
  /** From the start of the copy to the end of its check. */
  durationMs: number;
}

export interface BackupOutcome extends CopyOutcome {
  name: string;
  createdAt: string;
  deleted: string[];
}

/**
 * Makes a consistent copy of `db` with SQLite's online backup API into `dir` under a new
 * timestamped name, checks it, and keeps the newest `keep` backups. The copy is written under a
 * temporary name and renamed only once complete, so a listed backup is never half written.
 *
 * In the server the source is the connection every write goes through: SQLite then applies each
 * write made during the backup to the copy as well, so the backup never restarts and ends with
 * everything committed before it finished. From another process (the command line), use one
 * step for the whole file: a single read transaction, which in WAL mode does not hold up the
 * server's writes.
 */
export async function backupInto(
  db: BackupSource,
  dir: string,
  at: number,
  keep: number,
  opts: BackupOptions,
): Promise<BackupOutcome> {
  mkdirSync(dir, { recursive: true });
  const name = backupName(at, new Set(readdirSync(dir)));
  const file = path.join(dir, name);
  const outcome = await backupToFile(db, file, opts);
  return {
    ...outcome,
    name,
    createdAt: new Date(Math.floor(at / 1000) * 1000).toISOString(),
    deleted: pruneBackups(dir, keep),
  };
}

/** The online backup of `db` into exactly `file` (which must not exist yet), then its check. */
export async function backupToFile(
  db: BackupSource,
  file: string,
  opts: BackupOptions,
): Promise<CopyOutcome> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.partial`);
  const started = performance.now();
  rmSync(partial, { force: true });
  try {
    await db.backup(partial, {
      progress: ({ totalPages, remainingPages }) => {
        opts.onStep?.(remainingPages, totalPages);
        return opts.pagesPerStep;
      },
    });
    const check = await checkCopy(partial);
    renameSync(partial, file);
    return {
      ...check,
      file,
      sizeBytes: statSync(file).size,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    rmSync(partial, { force: true });
    rmSync(`${partial}-wal`, { force: true });
    rmSync(`${partial}-shm`, { force: true });
    rmSync(`${partial}-journal`, { force: true });
  }
}
