import Database from 'better-sqlite3';
import { BACKUP_NAME_PATTERN, type BackupFile, type BackupResult } from '@numerek/shared';
import {
  createTestApp,
  MONDAY_9AM,
  MONDAY_9AM_BACKUP,
  type TestApp,
  type Who,
} from '@numerek/server/testing';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, rebuildOver } from '../realtime/support.ts';

/**
 * Backups over real HTTP while kiosks keep issuing tickets, and a restore from one: the backup
 * passes SQLite's integrity check, holds every ticket acknowledged before it started, and a
 * server started on it continues the numbering and serves the queue.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'server/src/modules/backup/backup.cli.ts');

let t: TestApp;
let base: string;
let scratch: string;

interface Issued {
  id: string;
  code: string;
  /** performance.now() when the 201 arrived. */
  at: number;
  ms: number;
}

async function http(who: Who, method: string, url: string, body?: unknown) {
  const res = await fetch(`${base}${url}`, {
    method,
    headers: { ...t.headers(who), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res;
}

/** Issues tickets from `kiosks` parallel kiosks until `stop()`; every answer must be a 201. */
function issueUntilStopped(kiosks: number) {
  const issued: Issued[] = [];
  const failures: string[] = [];
  let running = true;
  const categories = [t.category.A, t.category.R, t.category.M, t.category.I];
  const kiosk = async (k: number) => {
    for (let i = 0; running; i++) {
      const started = performance.now();
      const res = await http('kiosk', 'POST', '/api/tickets', {
        categoryId: categories[(k + i) % categories.length],
      });
      const body = (await res.json()) as { id: string; code: string };
      if (res.status !== 201) failures.push(`${res.status} ${JSON.stringify(body)}`);
      else
        issued.push({ id: body.id, code: body.code, at: performance.now(), ms: performance.now() - started });
    }
  };
  const done = Promise.all(Array.from({ length: kiosks }, (_, k) => kiosk(k)));
  return {
    issued,
    failures,
    stop: async () => {
      running = false;
      await done;
    },
  };
}

/** Ticket ids in a SQLite file, and the integrity check's answer. */
function readCopy(file: string): { ids: Set<string>; integrity: string } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return {
      ids: new Set(db.prepare('SELECT id FROM tickets').pluck().all().map(String)),
      integrity: String(db.pragma('integrity_check', { simple: true })),
    };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  t = await createTestApp();
  base = await listen(t.app);
  scratch = mkdtempSync(path.join(tmpdir(), 'numerek-backup-test-'));
  expect((await http('clerk', 'POST', `/api/counters/${t.counter[1]}/open`, {})).status).toBe(200);
  // A morning's worth of tickets first, so that the copy takes many steps.
  const before = issueUntilStopped(8);
  while (before.issued.length < 1500) await new Promise((r) => setTimeout(r, 20));
  await before.stop();
  expect(before.failures).toEqual([]);
});

afterAll(async () => {
  await t?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('who may back up', () => {
  it('only administrators: clerks and supervisors get 403, nobody signed in 401, and nothing is written', async () => {
    const name = MONDAY_9AM_BACKUP;
    for (const who of ['clerk', 'supervisor', 'kiosk', 'anonymous'] as const) {
      const status = who === 'anonymous' ? 401 : 403;
      expect((await http(who, 'POST', '/api/admin/backups', {})).status, who).toBe(status);
      expect((await http(who, 'GET', '/api/admin/backups')).status, who).toBe(status);
      expect((await http(who, 'GET', `/api/admin/backups/${name}`)).status, who).toBe(status);
    }
    expect(existsSync(t.config.backupDir)).toBe(false);
  });

  it('downloads only files named like a backup: 400 for anything else, 404 for one that does not exist', async () => {
    for (const bad of [
      '..%2Fx',
      '..%2Fnumerek.sqlite',
      '..%2F..%2Fetc%2Fpasswd',
      'numerek.sqlite',
      '%2Fetc%2Fpasswd',
    ]) {
      const res = await http('admin', 'GET', `/api/admin/backups/${bad}`);
      expect(res.status, bad).toBe(400);
      const body = (await res.json()) as { error: { code: string; params?: unknown } };
      expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', params: { field: 'name' } });
    }
    const missing = await http('admin', 'GET', '/api/admin/backups/numerek-2000-01-01T00-00-00Z.sqlite');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});

describe('when the backup folder cannot be written', () => {
  it('answers INTERNAL, for which the console says what to check, and records nothing', async () => {
    // A file where the backup folder should be: the folder cannot be created.
    writeFileSync(t.config.backupDir, 'not a folder');
    try {
      const res = await http('admin', 'POST', '/api/admin/backups', {});
      expect(res.status).toBe(500);
      const body = (await res.json()) as { error: { code: string } };
      expect(body.error.code).toBe('INTERNAL');
      const audit = (await (await http('admin', 'GET', '/api/admin/audit?limit=5')).json()) as Array<{
        entity: string;
      }>;
      expect(audit.filter((e) => e.entity === 'backup')).toEqual([]);
    } finally {
      rmSync(t.config.backupDir, { force: true });
    }
  });
});

describe('a backup taken while tickets are being issued', () => {
  let result: BackupResult;
  let ackedBefore: Issued[];
  let issuedDuring: Issued[];
  let slowestIssueMs: number;
  let download: Buffer;

  beforeAll(async () => {
    const load = issueUntilStopped(6);
    while (load.issued.length < 100) await new Promise((r) => setTimeout(r, 5));
    ackedBefore = [...load.issued];
    const started = performance.now();
    const res = await http('admin', 'POST', '/api/admin/backups', {});
    const finished = performance.now();
    expect(res.status, await res.clone().text()).toBe(201);
    result = (await res.json()) as BackupResult;
    await load.stop();
    expect(load.failures).toEqual([]);
    issuedDuring = load.issued.filter((i) => i.at > started && i.at < finished);
    slowestIssueMs = Math.max(...issuedDuring.map((i) => i.ms));
    console.info(
      `backup: ${result.sizeBytes} bytes, ${result.tickets} tickets, ${result.durationMs} ms; ` +
        `${issuedDuring.length} tickets issued meanwhile, slowest ${slowestIssueMs.toFixed(0)} ms`,
    );
    const file = await http('admin', 'GET', `/api/admin/backups/${result.name}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${result.name}"`);
    download = Buffer.from(await file.arrayBuffer());
  });

  it('answers with the file, its size and time, and an integrity check that passed', () => {
    expect(result.name).toMatch(new RegExp(BACKUP_NAME_PATTERN));
    expect(result.name).toBe(MONDAY_9AM_BACKUP);
    expect(result.createdAt).toBe(MONDAY_9AM);
    expect(result.integrity).toBe('ok');
    expect(result.sizeBytes).toBe(readFileSync(path.join(t.config.backupDir, result.name)).length);
    expect(result.tickets).toBeGreaterThanOrEqual(1500 + ackedBefore.length);
  });

  it('did not stop the office: tickets were issued while it ran, none refused, none slow', () => {
    expect(issuedDuring.length).toBeGreaterThan(0);
    expect(slowestIssueMs).toBeLessThan(1000);
  });

  it('holds every ticket acknowledged before it started, and passes integrity_check when opened on its own', () => {
    const copy = readCopy(path.join(t.config.backupDir, result.name));
    expect(copy.integrity).toBe('ok');
    expect(copy.ids.size).toBe(result.tickets);
    expect(ackedBefore.filter((i) => !copy.ids.has(i.id))).toEqual([]);
  });

  it('is listed, downloads byte for byte, and both are in the audit log', async () => {
    const list = (await (await http('admin', 'GET', '/api/admin/backups')).json()) as BackupFile[];
    expect(list[0]).toEqual({ name: result.name, sizeBytes: result.sizeBytes, createdAt: result.createdAt });
    expect(download.equals(readFileSync(path.join(t.config.backupDir, result.name)))).toBe(true);
    expect(download.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\u0000');
    // HEAD asks about the file without downloading it: answered, but not recorded as a download.
    const head = await http('admin', 'HEAD', `/api/admin/backups/${result.name}`);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(result.sizeBytes));
    const audit = (await (await http('supervisor', 'GET', '/api/admin/audit?limit=20')).json()) as Array<{
      action: string;
      entity: string;
      entityId: string;
      userId: string;
    }>;
    const backupEntries = audit.filter((e) => e.entity === 'backup' && e.entityId === result.name);
    expect(backupEntries.map((e) => e.action).sort()).toEqual(['create', 'download']);
    expect(new Set(backupEntries.map((e) => e.userId))).toEqual(new Set([t.userId.admin]));
  });

  it('restores: a server started on the copy has the tickets, continues the numbering and lets a clerk call next', async () => {
    // As docs/operations/backup-and-restore.md says: the backup in place as numerek.sqlite, no -wal or -shm.
    const dir = mkdtempSync(path.join(scratch, 'restore-'));
    const file = path.join(dir, 'numerek.sqlite');
    writeFileSync(file, download);
    const restored = await rebuildOver(t, file);
    try {
      const inject = (who: Who, method: 'GET' | 'POST', url: string, payload?: object) =>
        restored.app.inject({ method, url, headers: t.headers(who), ...(payload ? { payload } : {}) });
      const tickets = (await restored.db.all('SELECT id, code, number, category_id FROM tickets')) as Array<{
        id: string;
        code: string;
        number: number;
        category_id: string;
      }>;
      expect(tickets.length).toBe(result.tickets);
      const ids = new Set(tickets.map((r) => r.id));
      expect(ackedBefore.filter((i) => !ids.has(i.id))).toEqual([]);

      const lastA = Math.max(...tickets.filter((r) => r.category_id === t.category.A).map((r) => r.number));
      const next = await inject('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
      expect(next.statusCode, next.body).toBe(201);
      const issued = next.json<{ id: string; code: string }>();
      const stored = await restored.db.value('SELECT number FROM tickets WHERE id = ?', [issued.id]);
      expect(stored).toBe(lastA + 1);
      expect(tickets.map((r) => r.code)).not.toContain(issued.code);
      const duplicates = await restored.db.value(
        'SELECT count(*) FROM (SELECT 1 FROM tickets GROUP BY category_id, service_day, number HAVING count(*) > 1) AS twice',
      );
      expect(duplicates).toBe(0);

      // The clerk's counter was open when the copy was taken, and stays open in the restored office.
      const called = await inject('clerk', 'POST', `/api/counters/${t.counter[1]}/next`);
      expect(called.statusCode, called.body).toBe(200);
      const calledTicket = called.json<{ ticket: { id: string } | null }>().ticket;
      expect(calledTicket).not.toBeNull();
      expect(ids.has(calledTicket?.id ?? '')).toBe(true);
    } finally {
      await restored.app.close();
      await restored.db.close();
    }
  });

  it('keeps the newest BACKUP_KEEP backups and refuses a second backup while one is running', async () => {
    const [a, b] = await Promise.all([
      http('admin', 'POST', '/api/admin/backups', {}),
      http('admin', 'POST', '/api/admin/backups', {}),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const refused = (await (a.status === 409 ? a : b).json()) as {
      error: { code: string; params?: unknown };
    };
    expect(refused.error).toMatchObject({ code: 'IN_USE', params: { reason: 'backup_running' } });
    const names = [result.name];
    for (let i = 0; i < 14; i++) {
      const res = await http('admin', 'POST', '/api/admin/backups', {});
      expect(res.status).toBe(201);
      names.push(((await res.json()) as BackupResult).name);
    }
    const list = (await (await http('admin', 'GET', '/api/admin/backups')).json()) as BackupFile[];
    expect(list).toHaveLength(14);
    expect(list.map((f) => f.name)).not.toContain(result.name);
    expect(existsSync(path.join(t.config.backupDir, result.name))).toBe(false);
  });
});

describe('npm run backup', () => {
  it('backs up the live database from another process while the server issues tickets', async () => {
    const load = issueUntilStopped(6);
    while (load.issued.length < 50) await new Promise((r) => setTimeout(r, 5));
    const ackedBefore = [...load.issued];
    const target = path.join(scratch, 'from-the-command-line.sqlite');
    const run = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--to', target], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: t.dataDir, LOG_LEVEL: 'silent' },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => resolve({ code, out, err }));
    });
    const duringCopy = load.issued.length - ackedBefore.length;
    await load.stop();
    expect(load.failures).toEqual([]);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toContain(`Backup written: ${target}`);
    expect(run.out).toMatch(/\d+ ticket records, integrity ok/);
    expect(duringCopy).toBeGreaterThan(0);

    const copy = readCopy(target);
    expect(copy.integrity).toBe('ok');
    expect(ackedBefore.filter((i) => !copy.ids.has(i.id))).toEqual([]);
    expect(run.out).toContain(`${copy.ids.size} ticket records`);
    // The copy is one self-contained file, ready to be put in place as numerek.sqlite.
    expect(existsSync(`${target}-wal`)).toBe(false);
    const restoredFile = path.join(mkdtempSync(path.join(scratch, 'cli-restore-')), 'numerek.sqlite');
    copyFileSync(target, restoredFile);
    expect(readCopy(restoredFile).ids.size).toBe(copy.ids.size);
  });

  it('without --to, writes into DATA_DIR/backups, where the console lists it', async () => {
    const run = await new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: t.dataDir, BACKUP_KEEP: '30' },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => resolve({ code, out, err }));
    });
    expect(run.code, run.err).toBe(0);
    const name = /Backup written: .*\/(numerek-[^/\s]+\.sqlite)/.exec(run.out)?.[1] ?? '';
    expect(run.out).toContain(`Backup written: ${path.join(t.config.backupDir, name)}`);
    const list = (await (await http('admin', 'GET', '/api/admin/backups')).json()) as BackupFile[];
    expect(list.map((f) => f.name)).toContain(name);
  });

  it('refuses to overwrite an existing file', async () => {
    const existing = path.join(scratch, 'existing.sqlite');
    writeFileSync(existing, 'keep me');
    const run = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CLI, '--to', existing], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: t.dataDir },
      });
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('close', (code) => resolve({ code, err }));
    });
    expect(run.code).toBe(1);
    expect(run.err).toContain('already exists');
    expect(readFileSync(existing, 'utf8')).toBe('keep me');
  });
});
