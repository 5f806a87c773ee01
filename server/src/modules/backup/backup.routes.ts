import { Type } from 'typebox';
import {
  BackupCreateBody,
  BackupFile,
  BackupNameParams,
  BackupResult,
  ErrorResponse,
  StorageInfo,
} from '@numerek/shared';
import type { FastifyReply } from 'fastify';
import { createReadStream } from 'node:fs';
import type { Access } from '../../http/actor.ts';
import { accountOf } from '../../http/auth-hooks.ts';
import { created, ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import type { BackupService } from './backup.service.ts';

// The file streams from disk; the 200 is a SQLite file, so it is left out of the response schemas.
// The handler returns the reply, so Fastify waits for the stream instead of ending the response.
function sendFile(reply: FastifyReply, file: string, name: string, sizeBytes: number): FastifyReply {
  return reply
    .header('content-type', 'application/vnd.sqlite3')
    .header('content-length', sizeBytes)
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store')
    .send(createReadStream(file));
}

export function backupRoutes(app: App, backups: BackupService): void {
  const tags = ['backups'];
  // The central administrator, or an office's administrator while theirs is the only office.
  const config = { access: ['admin', 'central'] satisfies Access[] };
  app.post(
    '/api/admin/backups',
    {
      config,
      schema: {
        tags,
        summary: 'Back up the database now, while the office keeps working',
        description:
          'Copies the live database with SQLite’s online backup API into DATA_DIR/backups, runs PRAGMA integrity_check on the copy and keeps the newest BACKUP_KEEP backups.',
        body: BackupCreateBody,
        response: created(BackupResult),
      },
    },
    async (req, reply) => reply.status(201).send(await backups.create(accountOf(req.actor))),
  );
  app.get(
    '/api/admin/storage',
    {
      config,
      schema: {
        tags,
        summary:
          'Where the data lives: a SQLite file the server backs up, or PostgreSQL, backed up with pg_dump',
        response: ok(StorageInfo),
      },
    },
    () => backups.storage(),
  );
  app.get(
    '/api/admin/backups',
    {
      config,
      schema: {
        tags,
        summary: 'The backups on the server, newest first',
        response: ok(Type.Array(BackupFile)),
      },
    },
    async (req) => {
      await backups.assertMayBackUp(accountOf(req.actor));
      return backups.list();
    },
  );
  app.get(
    '/api/admin/backups/:name',
    {
      config,
      schema: {
        tags,
        summary: 'Download one backup (a SQLite file)',
        params: BackupNameParams,
        response: { '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      // HEAD (which Fastify answers with this handler) only asks about the file: not a download.
      const actor = accountOf(req.actor);
      await backups.assertMayBackUp(actor);
      const { file, sizeBytes } =
        req.method === 'HEAD'
          ? backups.find(req.params.name)
          : await backups.download(actor, req.params.name);
      return sendFile(reply, file, req.params.name, sizeBytes);
    },
  );
}
