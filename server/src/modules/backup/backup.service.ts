import type { AuditDetails } from '@numerek/shared/audit';
import type { BackupFile, BackupResult, StorageInfo } from '@numerek/shared';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { AccountActor } from '../../actor.ts';
import { AppError, notFound } from '../../lib/app-error.ts';
import type { ServiceContext } from '../../service-context.ts';
import {
  backupInto,
  isBackupName,
  listBackups,
  type BackupOptions,
  type BackupSource,
} from './backup-file.ts';

/**
 * Pages copied per step inside the server: 256 pages of 4 KiB take about a millisecond, and
 * between steps the event loop serves the requests that came in meanwhile.
 */
export const PAGES_PER_STEP = 256;

/** Online backups of the server's SQLite database into `DATA_DIR/backups`, one at a time. */
export class BackupService {
  private running = false;

  constructor(
    private readonly ctx: ServiceContext,
    /** The SQLite connection every write goes through; null when the data is not in a SQLite file. */
    private readonly source: BackupSource | null,
    /** The ids of every office: a backup holds them all. */
    private readonly officeIds: () => Promise<string[]>,
    private readonly dir = ctx.config.backupDir,
    private readonly options: BackupOptions = { pagesPerStep: PAGES_PER_STEP },
  ) {}

  /**
   * A backup is the whole database, every office in it: an office's administrator may make, list
   * and download backups only while theirs is the only office; with more, the central
   * administrator does.
   */
  async assertMayBackUp(actor: AccountActor): Promise<void> {
    if (actor.kind === 'central') return;
    const offices = await this.officeIds();
    if (offices.length > 1 || (offices.length === 1 && offices[0] !== actor.officeId))
      throw new AppError(
        'FORBIDDEN',
        'A backup holds every office of this installation; the central administrator makes and downloads backups.',
        { reason: 'whole_installation' },
      );
  }

  /**
   * Records a backup's making or download: in the office's audit log, or for the central
   * administrator in every office's, since every office's data is in it.
   */
  private async audit(actor: AccountActor, action: string, name: string, data: AuditDetails): Promise<void> {
    const ids = actor.kind === 'central' ? await this.officeIds() : [actor.officeId];
    await this.ctx.writes.write(async () => {
      for (const officeId of ids)
        await this.ctx.audit(
          actor.kind === 'central' ? { ...actor, officeId } : actor,
          action,
          'backup',
          name,
          data,
        );
    });
  }

  /** Copies the live database, checks the copy, keeps the newest BACKUP_KEEP, and audits it. */
  async create(actor: AccountActor): Promise<BackupResult> {
    await this.assertMayBackUp(actor);
    if (this.running)
      throw new AppError('IN_USE', 'A backup is being made right now; wait a moment and refresh the list.', {
        reason: 'backup_running',
      });
    this.running = true;
    try {
      const source = this.source;
      if (!source)
        throw new AppError(
          'BACKUP_BY_DATABASE',
          'The data is in PostgreSQL: back it up with the database’s own tools (pg_dump), as docs/operations/postgresql.md shows.',
        );
      const made = await backupInto(
        source,
        this.dir,
        this.ctx.clock.now(),
        this.ctx.config.backupKeep,
        this.options,
      ).catch((error: unknown) => {
        this.ctx.log.error({ err: error }, 'backup failed');
        const reason = error instanceof Error ? error.message : String(error);
        throw new AppError(
          'INTERNAL',
          `The backup could not be written to ${this.dir} (${reason}). Check that the folder can be created and written to and that the disk has free space.`,
        );
      });
      if (made.integrity !== 'ok')
        this.ctx.log.error(`backup ${made.name} failed its integrity check: ${made.integrity}`);
      const result: BackupResult = {
        name: made.name,
        sizeBytes: made.sizeBytes,
        createdAt: made.createdAt,
        integrity: made.integrity,
        tickets: made.tickets,
        durationMs: made.durationMs,
        deleted: made.deleted,
      };
      await this.audit(actor, 'create', made.name, {
        sizeBytes: made.sizeBytes,
        tickets: made.tickets,
        integrity: made.integrity,
        deleted: made.deleted,
      });
      this.ctx.log.info(
        `backup ${made.name}: ${made.sizeBytes} bytes, ${made.tickets} tickets, integrity ${made.integrity}, ${made.durationMs} ms`,
      );
      return result;
    } finally {
      this.running = false;
    }
  }

  /** The backups on disk, newest first (none when the database makes its own). */
  list(): BackupFile[] {
    return this.source ? listBackups(this.dir) : [];
  }

  /** Where the data lives, which says who makes its backups. */
  storage(): StorageInfo {
    return { engine: this.ctx.db.engine };
  }

  /** A backup on disk by name (checked again here, not only by the route). */
  find(name: string): { file: string; sizeBytes: number } {
    if (!isBackupName(name))
      throw new AppError(
        'VALIDATION_FAILED',
        `"${name}" is not the name of a backup; pick one from the list.`,
        { field: 'name' },
      );
    const file = path.join(this.dir, name);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat?.isFile()) throw notFound(`The backup ${name}`);
    return { file, sizeBytes: stat.size };
  }

  /** A backup to send to an administrator; the download is recorded in the audit log. */
  async download(actor: AccountActor, name: string): Promise<{ file: string; sizeBytes: number }> {
    await this.assertMayBackUp(actor);
    const found = this.find(name);
    await this.audit(actor, 'download', name, { sizeBytes: found.sizeBytes });
    return found;
  }
}
