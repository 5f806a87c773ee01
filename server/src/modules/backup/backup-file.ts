import Database from 'better-sqlite3';
import { BACKUP_NAME_PATTERN, type BackupFile } from '@numerek/shared';
import { mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/database.ts';

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
export function pruneBackups(dir: string, keep: number): string[] {
  const old = listBackups(dir).slice(Math.max(keep, 1));
  for (const b of old) rmSync(path.join(dir, b.name), { force: true });
  return old.map((b) => b.name);
}

export interface CopyCheck {
  /** `ok`, or SQLite's list of problems joined by new lines. */
  integrity: string;
  /** Ticket records in the copy. */
  tickets: number;
}

/**
 * Opens a fresh copy on its own, turns it into a single self-contained file (rollback journal
 * instead of WAL, so no `-wal` file belongs to it), and runs `PRAGMA integrity_check` on it.
 */
export function checkCopy(file: string): CopyCheck {
  const copy = new Database(file, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
    const problems = copy.pragma('integrity_check', { simple: false }) as Array<{ integrity_check: string }>;
    const integrity = problems.map((p) => p.integrity_check).join('\n') || 'no answer';
    const tickets = Number(copy.prepare('SELECT count(*) FROM tickets').pluck().get());
    return { integrity, tickets };
  } finally {
    copy.close();
  }
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
  db: Db,
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
export async function backupToFile(db: Db, file: string, opts: BackupOptions): Promise<CopyOutcome> {
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
    const check = checkCopy(partial);
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
