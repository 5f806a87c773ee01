import { Type, type Static } from 'typebox';
import { Timestamp } from './common.schema.ts';

/**
 * The name of a backup file in `DATA_DIR/backups`: `numerek-` and the UTC time it was made
 * (`YYYY-MM-DDTHH-mm-ssZ`), a `-N` suffix when two were made within one second, `.sqlite`.
 * Nothing else is ever read from that folder, so a name cannot point outside it.
 */
export const BACKUP_NAME_PATTERN =
  '^numerek-[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}-[0-9]{2}-[0-9]{2}Z(-[1-9][0-9]{0,3})?\\.sqlite$';

/** `GET /api/admin/backups/:name` */
export const BackupNameParams = Type.Object(
  {
    name: Type.String({
      maxLength: 64,
      pattern: BACKUP_NAME_PATTERN,
      description: 'a backup file name as listed, e.g. numerek-2026-11-23T08-00-00Z.sqlite',
    }),
  },
  { additionalProperties: false },
);
export type BackupNameParams = Static<typeof BackupNameParams>;

/** `POST /api/admin/backups` takes no options: an empty object (or no body). */
export const BackupCreateBody = Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()]);
export type BackupCreateBody = Static<typeof BackupCreateBody>;

/** One backup file in `DATA_DIR/backups`. */
export const BackupFile = Type.Object({
  name: Type.String(),
  sizeBytes: Type.Integer({ minimum: 0 }),
  /** When the copy was taken (from the file name). */
  createdAt: Timestamp,
});
export type BackupFile = Static<typeof BackupFile>;

/** A backup just made: the file, and what checking the copy found. */
export const BackupResult = Type.Object({
  name: Type.String(),
  sizeBytes: Type.Integer({ minimum: 0 }),
  createdAt: Timestamp,
  /** `ok`, or the problems SQLite's `PRAGMA integrity_check` reported in the copy. */
  integrity: Type.String(),
  /** Ticket records in the copy. */
  tickets: Type.Integer({ minimum: 0 }),
  /** How long the copy and its check took, in milliseconds. */
  durationMs: Type.Integer({ minimum: 0 }),
  /** Older backups deleted to keep the newest BACKUP_KEEP. */
  deleted: Type.Array(Type.String()),
});
export type BackupResult = Static<typeof BackupResult>;

/**
 * Where the data lives (`GET /api/admin/storage`): in a SQLite file, backed up by the server
 * (`POST /api/admin/backups`), or in PostgreSQL, backed up with the database's own tools
 * (`pg_dump`), where the server makes no backups of its own.
 */
export const StorageInfo = Type.Object({
  engine: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
});
export type StorageInfo = Static<typeof StorageInfo>;
