import { addDays, atOfficeTime, createTestApp, MONDAY, type TestApp } from '@numerek/server/testing';
import type { IssuedTicket } from '@numerek/shared';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The virtual printer's archive (DATA_DIR/printed/<day>/), through the real server: its PDFs are
 * drawn off the kiosk's request, and retention (RETENTION_DAYS) deletes the days whose ticket
 * records it folds, judged by the service day in the folder's name on the server's clock.
 */

let t: TestApp;

afterEach(async () => {
  await t.close();
});

const printedDir = () => path.join(t.dataDir, 'printed');
/** The PDFs written, each once its ticket's job (kept until then to draw it from) is deleted. */
const pdfs = () =>
  existsSync(printedDir())
    ? readdirSync(printedDir()).flatMap((day) => {
        const files = readdirSync(path.join(printedDir(), day));
        return files.filter((f) => f.endsWith('.pdf') && !files.includes(`${f}-pending.json`));
      })
    : [];

/** Adds a printer on the `virtual` connection and makes it the kiosk's (or takes it away). */
async function useVirtualPrinter(): Promise<(on: boolean) => Promise<void>> {
  const created = await t.request('admin', 'POST', '/api/admin/printers', {
    name: 'Drukarka wirtualna',
    connection: 'virtual',
    codePage: 'cp852',
    paperWidth: 80,
  });
  expect(created.statusCode, created.body).toBe(201);
  const printerId = created.json<{ id: string }>().id;
  const kiosk = (await t.request('kiosk', 'GET', '/api/devices/me')).json<{ id: string }>();
  return async (on) => {
    const res = await t.request('supervisor', 'PATCH', `/api/admin/devices/${kiosk.id}`, {
      printerId: on ? printerId : null,
    });
    expect(res.statusCode).toBe(200);
  };
}

async function issue(): Promise<IssuedTicket> {
  const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
  expect(res.statusCode).toBe(201);
  const ticket = res.json<IssuedTicket>();
  expect(ticket.print).toEqual({ state: 'printed', reason: null });
  return ticket;
}

/** Issues `n` tickets one after another; the mean request time and the event loop's busy time per ticket. */
async function issueMany(n: number): Promise<{ meanMs: number; busyMs: number }> {
  const started = performance.now();
  const before = performance.eventLoopUtilization();
  for (let i = 0; i < n; i++) await issue();
  const used = performance.eventLoopUtilization(before);
  return { meanMs: (performance.now() - started) / n, busyMs: used.active / n };
}

describe('the virtual printer through the server', () => {
  it('issuing 50 tickets spends no PDF drawing in the kiosk’s requests, and every PDF is written after', async () => {
    t = await createTestApp();
    const virtual = await useVirtualPrinter();
    // Warm up both paths (and start the PDF worker) before measuring.
    await issue();
    await virtual(true);
    await issue();
    await expect.poll(pdfs, { timeout: 30_000 }).toHaveLength(1);

    // The baseline: the same requests printed in memory, in the same process and minute.
    await virtual(false);
    const memory = await issueMany(50);
    await virtual(true);
    const onDisk = await issueMany(50);
    process.stdout.write(
      `50 kiosk tickets: in memory ${memory.meanMs.toFixed(1)} ms each (event loop busy ${memory.busyMs.toFixed(1)} ms), ` +
        `virtual printer ${onDisk.meanMs.toFixed(1)} ms each (busy ${onDisk.busyMs.toFixed(1)} ms)\n`,
    );
    // Drawing a ticket's PDF takes about 100 ms; inside the request it would add that to each one.
    expect(onDisk.meanMs).toBeLessThan(2 * memory.meanMs + 50);
    expect(onDisk.busyMs).toBeLessThan(2 * memory.busyMs + 50);
    await expect.poll(pdfs, { timeout: 60_000, interval: 200 }).toHaveLength(51);
    const bins = readdirSync(path.join(printedDir(), MONDAY)).filter((f) => f.endsWith('.bin'));
    expect(bins).toHaveLength(51);
  });

  it('keeps RETENTION_DAYS of printed tickets: retention deletes older days by their service day and keeps recent ones', async () => {
    // Tuesday to Friday of the week before, then Monday; tickets are kept for 3 days.
    const days = [-6, -5, -4, -3, 0].map((d) => addDays(MONDAY, d));
    t = await createTestApp({ now: atOfficeTime(days[0] ?? MONDAY, '09:00'), env: { RETENTION_DAYS: '3' } });
    const virtual = await useVirtualPrinter();
    await virtual(true);
    for (const day of days) {
      t.clock.set(Date.parse(atOfficeTime(day, '09:00')));
      await issue();
    }
    await expect.poll(pdfs, { timeout: 30_000 }).toHaveLength(days.length);
    expect(readdirSync(printedDir()).sort()).toEqual(days);
    // Every folder was written just now, within a minute of the others (file times are the
    // kernel's, which need not agree with this process's clock): only its name tells its age.
    const written = days.map((day) => statSync(path.join(printedDir(), day)).mtimeMs);
    expect(Math.max(...written) - Math.min(...written)).toBeLessThan(60_000);

    // Monday 09:00 with 3 days kept: records and printed copies from Friday on stay.
    expect(await t.app.services.reports.foldExpired()).toBe(3);
    expect(readdirSync(printedDir()).sort()).toEqual(days.slice(3));
    for (const day of days.slice(3)) {
      expect(
        readdirSync(path.join(printedDir(), day))
          .map((f) => path.extname(f))
          .sort(),
      ).toEqual(['.bin', '.pdf']);
    }

    // A day later, Friday's go too.
    t.clock.set(Date.parse(atOfficeTime(addDays(MONDAY, 1), '09:00')));
    await t.app.services.reports.foldExpired();
    expect(readdirSync(printedDir())).toEqual([MONDAY]);
  });
});
