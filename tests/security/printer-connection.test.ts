import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { Printer, PrintOutcome } from '@numerek/shared';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Where a printer connects is where the server writes ESC/POS bytes, with text the console
 * chose. It must never be a file of the server's, nor a service on the server itself.
 */
describe('printer connections cannot reach files or the server itself', () => {
  let t: TestApp;
  let sentinel: string;
  let sentinelMtime: number;
  let shm: string;
  /** A TCP service on this machine (think the database, an admin port): it must hear nothing. */
  let local: net.Server;
  let localPort = 0;
  let localConnections = 0;

  beforeAll(async () => {
    t = await createTestApp({ env: { PRINTER_ALLOW_LOCAL: 'false' } });
    sentinel = path.join(t.dataDir, 'secret.txt');
    writeFileSync(sentinel, 'the office’s own file');
    sentinelMtime = statSync(sentinel).mtimeMs;
    shm = mkdtempSync('/dev/shm/numerek-printer-');
    local = net.createServer((s) => {
      localConnections++;
      s.destroy();
    });
    await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
    localPort = (local.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => local.close(() => resolve()));
    rmSync(shm, { recursive: true, force: true });
    await t.close();
  });

  const add = (who: 'admin' | 'supervisor', connection: string) =>
    t.request(who, 'POST', '/api/admin/printers', {
      name: `Drukarka ${connection}`,
      connection,
      codePage: 'cp852',
      paperWidth: 80,
      maxJobAgeSeconds: 5,
    });
  const printerCount = async () => (await t.db.value('SELECT count(*) FROM printers')) as number;

  const expectUntouched = async () => {
    expect(readFileSync(sentinel, 'utf8')).toBe('the office’s own file');
    expect(statSync(sentinel).mtimeMs).toBe(sentinelMtime);
    const db = readFileSync(t.config.databaseFile);
    expect(db.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    expect(await t.db.value('PRAGMA integrity_check')).toBe('ok');
  };

  it('refuses device paths with "." or ".." segments, even from an administrator, and stores nothing', async () => {
    const before = await printerCount();
    for (const connection of [
      `usb:/dev/..${t.config.databaseFile}`,
      `usb:/dev/../${path.relative('/', sentinel)}`,
      `serial:/dev/..${sentinel}?baud=9600`,
      'usb:/dev/./usb/lp0',
      'usb:/dev/usb/../../etc/passwd',
    ]) {
      const res = await add('admin', connection);
      expect(res.statusCode, connection).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    expect(await printerCount()).toBe(before);
    await expectUntouched();
  });

  it('never opens or changes a file through a symlink under /dev, and its status does not tell whether the target exists', async () => {
    const toSentinel = path.join(shm, 'lp0');
    const toDatabase = path.join(shm, 'lp1');
    const toNothing = path.join(shm, 'lp2');
    symlinkSync(sentinel, toSentinel);
    symlinkSync(t.config.databaseFile, toDatabase);
    symlinkSync(path.join(t.dataDir, 'no-such-file'), toNothing);
    // The three test prints wait out their printers' 5 s max age side by side.
    const states = await Promise.all(
      [toSentinel, toDatabase, toNothing].map(async (device) => {
        const res = await add('admin', `usb:${device}`);
        expect(res.statusCode, res.body).toBe(201);
        const printer = res.json() as Printer;
        const outcome = (
          await t.request('admin', 'POST', `/api/admin/printers/${printer.id}/test`)
        ).json() as PrintOutcome;
        expect(outcome.state).toBe('failed');
        return (
          ((await t.request('admin', 'GET', '/api/admin/printers')).json() as Printer[]).find(
            (p) => p.id === printer.id,
          )?.status ?? ''
        );
      }),
    );
    expect(new Set(states).size).toBe(1);
    expect(existsSync(path.join(t.dataDir, 'no-such-file'))).toBe(false);
    await expectUntouched();
  });

  it('refuses a network printer on this machine or its link, and never connects there', async () => {
    for (const host of ['127.0.0.1', 'localhost', '[::1]', '127.8.9.10', '169.254.169.254', '0.0.0.0']) {
      const res = await add('admin', `tcp://${host}:${localPort}`);
      expect(res.statusCode, host).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_FAILED');
    }
    // Stored before the rule, or by a name that later resolves to loopback: refused at connection.
    const id = 'printer-stored-earlier';
    await t.db.run(
      `INSERT INTO printers (id, office_id, name, connection, code_page, paper_width, cyrillic, cut, max_job_age_seconds, status, status_at, created_at, updated_at)
         VALUES (?, ?, 'old', ?, 'cp852', 80, 'raster', 'full', 5, 'no_answer', NULL, 0, 0)`,
      [id, t.officeId, `tcp://localhost:${localPort}`],
    );
    const outcome = (
      await t.request('admin', 'POST', `/api/admin/printers/${id}/test`)
    ).json() as PrintOutcome;
    expect(outcome.state).toBe('failed');
    expect(localConnections).toBe(0);
  });

  it('is an administrator’s choice: a supervisor may rename a printer but not add one or move it, and the move is audited', async () => {
    expect((await add('supervisor', 'virtual')).statusCode).toBe(403);
    const created = (await add('admin', 'virtual')).json() as Printer;
    const url = `/api/admin/printers/${created.id}`;
    const move = await t.request('supervisor', 'PATCH', url, { connection: 'tcp://192.0.2.10:9100' });
    expect(move.statusCode).toBe(403);
    expect(move.json().error.code).toBe('FORBIDDEN');
    // The console sends the whole form: the same connection is not a move.
    const rename = await t.request('supervisor', 'PATCH', url, { name: 'Kiosk 2', connection: 'virtual' });
    expect(rename.statusCode, rename.body).toBe(200);
    const moved = await t.request('admin', 'PATCH', url, { connection: 'tcp://192.0.2.10:9100' });
    expect(moved.statusCode, moved.body).toBe(200);
    const audit = (await t.request('admin', 'GET', '/api/admin/audit')).json() as {
      entityId: string;
      action: string;
    }[];
    expect(audit.find((a) => a.entityId === created.id && a.action === 'update')).toMatchObject({
      userId: t.userId.admin,
      data: { connection: { from: 'virtual', to: 'tcp://192.0.2.10:9100' } },
    });
  });
});
