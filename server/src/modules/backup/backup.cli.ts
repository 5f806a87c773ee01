import Database from 'better-sqlite3';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../config/config.ts';
import { backupInto, backupName, backupToFile, type CopyOutcome } from './backup-file.ts';

/**
 * `npm run backup [-- --to <folder or file>]`: backs up the database of a running (or stopped)
 * Numerek from outside the server process, with SQLite's online backup API, into
 * DATA_DIR/backups (keeping the newest BACKUP_KEEP) or where --to says. The whole file is copied
 * in one step, inside one read transaction: a consistent copy that, in WAL mode, does not hold
 * up the server's writes. Exit code 0 when the copy passed its integrity check, 1 on a setup
 * error, 2 when the copy failed the check.
 */

/** Every page in one step. */
const ALL_PAGES = 0x7fffffff;

const USAGE = `Usage: npm run backup [-- --to <folder or file>]

Copies DATA_DIR/numerek.sqlite while Numerek keeps running, checks the copy with
PRAGMA integrity_check and prints its size and ticket count.

  (no options)   into DATA_DIR/backups, keeping the newest BACKUP_KEEP (default 14)
  --to <folder>  into an existing folder (e.g. a USB drive), nothing deleted there
  --to <file>    into exactly this file, which must not exist yet
`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function report(copy: CopyOutcome, deleted: readonly string[]): void {
  const lines = [
    `Backup written: ${copy.file}`,
    `  size ${mb(copy.sizeBytes)}, ${copy.tickets} ticket records, integrity ${copy.integrity === 'ok' ? 'ok' : 'FAILED'}, ${copy.durationMs} ms`,
  ];
  if (copy.integrity !== 'ok') lines.push(`  integrity_check: ${copy.integrity}`);
  for (const name of deleted) lines.push(`  deleted the older backup ${name}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: { to: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: false,
    });
  } catch (error) {
    fail(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
  }
  if (args.values.help) {
    process.stdout.write(USAGE);
    return;
  }
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (!existsSync(config.databaseFile))
    fail(`There is no database at ${config.databaseFile}; set DATA_DIR to the folder Numerek uses.`);

  // Read-only: the command never changes the live database.
  const db = new Database(config.databaseFile, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const options = { pagesPerStep: ALL_PAGES };
  try {
    const to = args.values.to;
    let copy: CopyOutcome;
    let deleted: string[] = [];
    if (to === undefined) {
      const made = await backupInto(db, config.backupDir, Date.now(), config.backupKeep, options);
      copy = made;
      deleted = made.deleted;
    } else if (statSync(to, { throwIfNoEntry: false })?.isDirectory()) {
      copy = await backupToFile(db, path.join(to, backupName(Date.now(), new Set(readdirSync(to)))), options);
    } else {
      if (existsSync(to)) fail(`${to} already exists; give a new file name or a folder.`);
      if (!existsSync(path.dirname(path.resolve(to))))
        fail(`The folder ${path.dirname(path.resolve(to))} does not exist.`);
      copy = await backupToFile(db, path.resolve(to), options);
    }
    report(copy, deleted);
    if (copy.integrity !== 'ok') process.exitCode = 2;
  } finally {
    db.close();
  }
}

await main();
