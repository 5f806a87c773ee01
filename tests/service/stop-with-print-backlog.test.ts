import { FakePrinter } from '@numerek/hardware';
import type { IssuedTicket, TicketPrint } from '@numerek/shared';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, signInOffice, type Office } from '../reliability/office-clients.ts';
import { ServerProcess, sleep } from '../reliability/server-process.ts';

/** PDFs still to be drawn when the service manager stops the server: several seconds of drawing. */
const BACKLOG = 80;
/** How soon after SIGTERM the process must have exited: the backlog's 3 s and the rest of the stop. */
const EXIT_WITHIN_MS = 6000;
const PENDING = '.pdf-pending.json';

/** The names (without extension) of the virtual printer's files ending in `ext`, every day. */
function named(printed: string, ext: string): string[] {
  if (!existsSync(printed)) return [];
  return readdirSync(printed)
    .flatMap((day) =>
      readdirSync(path.join(printed, day))
        .filter((f) => f.endsWith(ext))
        .map((f) => path.join(day, f.slice(0, -ext.length))),
    )
    .sort();
}

/**
 * A kiosk without a printer of its own prints to the virtual printer, which writes each ticket's
 * PDF a moment after it printed: a burst of tickets leaves a backlog of PDFs that a stop must not
 * wait for to the end, nor lose.
 */
describe('SIGTERM with the virtual printer’s PDFs still to draw', () => {
  let server: ServerProcess;
  let office: Office;

  beforeAll(async () => {
    server = await ServerProcess.create({ built: true });
    await server.start();
    office = await signInOffice(server, server.firstStartSecrets(), 1);
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('exits 0 within 6 s, and the next start draws the PDFs left: every ticket printed, one PDF each', async () => {
    const printed = path.join(server.dataDir, 'printed');
    /** Tickets printed whose PDF is not written yet. */
    const undrawn = () => {
      const drawn = new Set(named(printed, '.pdf'));
      return named(printed, '.bin').filter((b) => !drawn.has(b));
    };
    const issued: IssuedTicket[] = [];
    // Kiosks issue in bursts of 10 until the backlog is there, however fast this machine draws.
    while (undrawn().length < BACKLOG && issued.length < 2000) {
      const burst = await Promise.all(
        Array.from({ length: 10 }, () =>
          request<IssuedTicket>(server.base, office.kiosk, 'POST', '/api/tickets', {
            categoryId: office.category.A,
          }),
        ),
      );
      for (const res of burst) {
        expect(res.status).toBe(201);
        issued.push(res.body);
      }
    }
    expect(issued.map((t) => t.print.state).filter((s) => s !== 'printed')).toEqual([]);
    const backlog = undrawn().length;

    const sent = performance.now();
    const exited = server.stop().then(() => performance.now() - sent);
    const took = await Promise.race([exited, sleep(15_000).then(() => null)]);
    if (took === null) await server.kill();
    const bins = named(printed, '.bin');
    const drawn = named(printed, '.pdf');
    const left = named(printed, PENDING);
    process.stdout.write(
      `${issued.length} tickets, ${backlog} PDFs to draw at SIGTERM → exit ${JSON.stringify(server.exit)} after ` +
        `${took === null ? 'more than 15 s' : `${Math.round(took)} ms`}; ${drawn.length} PDFs drawn, ${left.length} left for the next start\n`,
    );
    expect(took).not.toBeNull();
    expect(took ?? Infinity).toBeLessThan(EXIT_WITHIN_MS);
    expect(server.exit).toEqual({ code: 0, signal: null });
    // Every ticket the kiosk was told printed was: its .bin, and its PDF or what to draw it from.
    expect(bins).toHaveLength(issued.length);
    expect(bins.filter((b) => !drawn.includes(b) && !left.includes(b))).toEqual([]);
    expect(left.length).toBeGreaterThan(0);

    await server.start();
    await expect.poll(() => named(printed, PENDING), { timeout: 120_000, interval: 250 }).toEqual([]);
    expect(named(printed, '.pdf')).toEqual(bins);
    expect(named(printed, '.bin')).toEqual(bins);
    for (const name of left) {
      const pdf = readFileSync(path.join(printed, `${name}.pdf`)).toString('latin1');
      expect(pdf.startsWith('%PDF')).toBe(true);
      expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    }
    await server.stop();
    expect(server.exit).toEqual({ code: 0, signal: null });
  }, 240_000);
});

/**
 * A kiosk's network printer that stopped answering: its jobs wait in the print queue (each up to
 * the printer's maximum age) when the stop comes. They are not kept for the next start: a ticket
 * printed late is worse than none (decision 0005), so each is told as not printed and the kiosk
 * has shown it on screen.
 */
describe('SIGTERM with tickets waiting for a network printer that does not answer', () => {
  let server: ServerProcess;
  let office: Office;
  let printer: FakePrinter;

  beforeAll(async () => {
    printer = await FakePrinter.start('silent');
    server = await ServerProcess.create({ built: true, env: { PRINTER_ALLOW_LOCAL: 'true' } });
    await server.start();
    office = await signInOffice(server, server.firstStartSecrets(), 1);
    const created = await request<{ id: string }>(server.base, office.admin, 'POST', '/api/admin/printers', {
      name: 'Drukarka przy kiosku',
      connection: printer.connection,
      codePage: 'cp852',
      paperWidth: 80,
      maxJobAgeSeconds: 60,
    });
    expect(created.status).toBe(201);
    const kiosk = await request<{ id: string }>(server.base, office.kiosk, 'GET', '/api/devices/me');
    const assigned = await request(
      server.base,
      office.admin,
      'PATCH',
      `/api/admin/devices/${kiosk.body.id}`,
      {
        printerId: created.body.id,
      },
    );
    expect(assigned.status).toBe(200);
  });

  afterAll(async () => {
    await server.dispose();
    await printer.close();
  });

  it('exits 0 within 6 s; after the restart every ticket is told as not printed, and none prints when the printer answers', async () => {
    const issued = await Promise.all(
      Array.from({ length: 10 }, () =>
        request<IssuedTicket>(server.base, office.kiosk, 'POST', '/api/tickets', {
          categoryId: office.category.A,
        }),
      ),
    );
    for (const res of issued) expect(res.status).toBe(201);
    // The kiosk's answer waits for the printer 1.5 s at most: the prints are pending.
    expect(issued.map((r) => r.body.print.state)).toEqual(issued.map(() => 'pending'));

    const sent = performance.now();
    const exited = server.stop().then(() => performance.now() - sent);
    const took = await Promise.race([exited, sleep(15_000).then(() => null)]);
    if (took === null) await server.kill();
    process.stdout.write(
      `10 tickets waiting for a silent network printer at SIGTERM → exit ${JSON.stringify(server.exit)} after ` +
        `${took === null ? 'more than 15 s' : `${Math.round(took)} ms`}\n`,
    );
    expect(took).not.toBeNull();
    expect(took ?? Infinity).toBeLessThan(EXIT_WITHIN_MS);
    expect(server.exit).toEqual({ code: 0, signal: null });

    await server.start();
    printer.setState('ok');
    const outcomes = await Promise.all(
      issued.map((r) =>
        request<TicketPrint>(server.base, office.kiosk, 'GET', `/api/tickets/${r.body.id}/print`),
      ),
    );
    expect(outcomes.map((o) => o.body.state)).toEqual(issued.map(() => 'failed'));
    // The printer answers again: nothing of before the stop comes out.
    await sleep(3000);
    expect(printer.jobs).toEqual([]);
    expect(printer.held).toEqual([]);
    await server.stop();
    expect(server.exit).toEqual({ code: 0, signal: null });
  }, 120_000);
});
