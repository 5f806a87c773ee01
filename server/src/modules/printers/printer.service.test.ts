import { MemoryPrinter, type PrinterState } from '@numerek/hardware';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.ts';
import type { PrinterSpec } from './printer.service.ts';

// Hardware is mocked here (a memory printer per configured printer); the drivers and the fake
// TCP printer are tested in the hardware package and end to end in tests/.
let t: TestApp;
const built: Array<{ spec: PrinterSpec; printer: MemoryPrinter }> = [];
const printerAt = (connection: string) =>
  built.filter((b) => b.spec.connection === connection).at(-1)?.printer;

beforeEach(async () => {
  built.length = 0;
  t = await createTestApp({
    printerFactory: (spec) => {
      const printer = new MemoryPrinter();
      built.push({ spec, printer });
      return printer;
    },
  });
});
afterEach(async () => {
  await t.close();
});

async function kioskWithPrinter(state: PrinterState = 'ok') {
  const created = await t.request('admin', 'POST', '/api/admin/printers', {
    name: 'Drukarka w holu',
    connection: 'tcp://127.0.0.1:9100',
    codePage: 'cp852',
    paperWidth: 58,
  });
  expect(created.statusCode).toBe(201);
  const printer = created.json();
  expect(printer).toMatchObject({ cyrillic: 'wpc1251', cut: 'full', maxJobAgeSeconds: 15, status: 'ok' });
  const memory = printerAt('tcp://127.0.0.1:9100');
  if (!memory) throw new Error('no printer was built');
  memory.state = state;
  const me = (await t.request('kiosk', 'GET', '/api/devices/me')).json();
  const assigned = await t.request('supervisor', 'PATCH', `/api/admin/devices/${me.id}`, {
    printerId: printer.id,
  });
  expect(assigned.statusCode).toBe(200);
  return { printer, memory };
}

describe('status polling', () => {
  it('asks every printer at once, so one that hangs neither delays the others nor is asked twice at once', async () => {
    let hangingAsked = 0;
    const hanging = {
      print: async () => undefined,
      // Answers when the printer is added, then hangs like a printer that stopped answering.
      status: (): Promise<PrinterState> =>
        hangingAsked++ === 0 ? Promise.resolve('ok') : new Promise(() => {}),
    };
    await t.close();
    t = await createTestApp({
      printerFactory: (spec) => {
        if (spec.connection.endsWith(':9101')) return hanging;
        const printer = new MemoryPrinter();
        built.push({ spec, printer });
        return printer;
      },
    });
    const add = (name: string, connection: string) =>
      t.request('admin', 'POST', '/api/admin/printers', {
        name,
        connection,
        codePage: 'cp852',
        paperWidth: 80,
      });
    expect((await add('Zawieszona', 'tcp://127.0.0.1:9101')).statusCode).toBe(201);
    expect((await add('Drukarka w holu', 'tcp://127.0.0.1:9100')).statusCode).toBe(201);
    const alerts: Array<{ name: string; state: string }> = [];
    t.app.services.bus.subscribe('printer.status', (e) => alerts.push(e));
    t.app.services.printers.startPolling(40);
    const memory = printerAt('tcp://127.0.0.1:9100');
    if (!memory) throw new Error('no printer was built');
    memory.state = 'paper_out';
    await expect
      .poll(() => alerts.some((a) => a.name === 'Drukarka w holu' && a.state === 'paper_out'), {
        timeout: 500,
      })
      .toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(hangingAsked).toBe(2);
  });
});

describe('printing a kiosk’s tickets', () => {
  it('prints on the kiosk’s own printer with its profile and says so', async () => {
    const { memory } = await kioskWithPrinter();
    const res = await t.request('kiosk', 'POST', '/api/tickets', {
      categoryId: t.category.A,
      language: 'en',
      interpreter: true,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      code: 'A001',
      interpreter: true,
      print: { state: 'printed', reason: null },
    });
    expect(memory.jobs).toHaveLength(1);
    expect(memory.jobs[0]).toMatchObject({
      code: 'A001',
      categoryName: 'ID cards',
      language: 'en',
      interpreter: true,
      timeZone: 'Europe/Warsaw',
    });
    expect(memory.jobs[0]?.counters.map((c) => c.number)).toEqual([1, 2, 6]);
    expect(built[0]?.spec).toEqual({
      connection: 'tcp://127.0.0.1:9100',
      profile: { codePage: 'cp852', cyrillic: 'wpc1251', paperWidth: 58, cut: 'full' },
      maxJobAgeMs: 15_000,
    });
    // The default printer (virtual, or memory in tests) got nothing.
    expect(t.printer.jobs).toHaveLength(0);
  });

  it('issues the ticket even when the printer is out of paper, tells the kiosk, and alerts', async () => {
    const alerts: unknown[] = [];
    t.app.services.bus.subscribe('printer.status', (e) => alerts.push(e));
    await kioskWithPrinter('paper_out');
    const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
    expect(res.statusCode).toBe(201);
    expect(res.json().print).toEqual({ state: 'failed', reason: 'paper_out' });
    expect(await t.db.value('SELECT count(*) FROM tickets')).toBe(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(alerts).toContainEqual(
      expect.objectContaining({ state: 'paper_out', alert: true, name: 'Drukarka w holu' }),
    );
    const listed = (await t.request('supervisor', 'GET', '/api/admin/printers')).json();
    expect(listed[0].status).toBe('paper_out');
  });

  it('does not print tickets issued by staff, and prints a kiosk without a printer on the default one', async () => {
    const staff = await t.request('clerk', 'POST', '/api/tickets', { categoryId: t.category.A });
    expect(staff.json().print).toEqual({ state: 'none', reason: null });
    const kiosk = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
    expect(kiosk.json().print).toEqual({ state: 'printed', reason: null });
    expect(t.printer.jobs.map((j) => j.code)).toEqual(['A002']);
  });
});

describe('printer settings', () => {
  it('test-prints, rebuilds the printer when its settings change, and refuses to delete one in use', async () => {
    const { printer } = await kioskWithPrinter();
    expect((await t.request('supervisor', 'POST', `/api/admin/printers/${printer.id}/test`)).json()).toEqual({
      state: 'printed',
      reason: null,
    });
    expect(printerAt('tcp://127.0.0.1:9100')?.jobs[0]?.categoryName).toContain('zażółć gęślą jaźń');
    const patched = await t.request('supervisor', 'PATCH', `/api/admin/printers/${printer.id}`, {
      codePage: 'cp1250',
      paperWidth: 80,
    });
    expect(patched.json()).toMatchObject({ codePage: 'cp1250', paperWidth: 80 });
    await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
    expect(built.at(-1)?.spec.profile).toMatchObject({ codePage: 'cp1250', paperWidth: 80 });
    const refused = await t.request('supervisor', 'DELETE', `/api/admin/printers/${printer.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({ code: 'IN_USE', params: { reason: 'assigned', count: 1 } });
  });

  it('validates the connection string and the assignment', async () => {
    const bad = await t.request('admin', 'POST', '/api/admin/printers', {
      name: 'X',
      connection: 'http://printer',
      codePage: 'cp852',
      paperWidth: 80,
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'VALIDATION_FAILED', params: { field: 'connection' } });
    const me = (await t.request('kiosk', 'GET', '/api/devices/me')).json();
    expect(me).toMatchObject({ kind: 'kiosk', office: { name: 'Urząd Miasta Przykładowo' }, printer: null });
    const unknown = await t.request('supervisor', 'PATCH', `/api/admin/devices/${me.id}`, {
      printerId: 'nope',
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('refuses a port outside 1 to 65535 and a baud rate outside 100 to 4000000, on create and on change', async () => {
    const add = (connection: string) =>
      t.request('admin', 'POST', '/api/admin/printers', {
        name: 'Drukarka',
        connection,
        codePage: 'cp852',
        paperWidth: 80,
      });
    for (const connection of [
      'tcp://printer.invalid:99999',
      'tcp://printer.invalid:65536',
      'tcp://printer.invalid:0',
      'tcp://printer.invalid:00',
      'tcp://[::1]:70000',
      'tcp://::1:9100',
      'tcp://printer]:9100',
      'serial:/dev/ttyUSB0?baud=000',
      'serial:/dev/ttyUSB0?baud=0000000',
      'serial:/dev/ttyUSB0?baud=9999999',
      'serial:/dev/ttyUSB0?baud=4000001',
    ]) {
      const res = await add(connection);
      expect(res.statusCode, connection).toBe(400);
      expect(res.json().error, connection).toMatchObject({
        code: 'VALIDATION_FAILED',
        params: { field: 'connection' },
      });
      expect(res.json().error.message, connection).toMatch(/"connection"/);
    }
    expect(await t.db.value('SELECT count(*) FROM printers')).toBe(0);
    for (const connection of [
      'tcp://printer.invalid:1',
      'tcp://printer.invalid:65535',
      'tcp://[fe80::1]:9100',
      'serial:/dev/ttyUSB0?baud=110',
      'serial:/dev/ttyUSB0?baud=115200',
      'serial:/dev/ttyUSB0?baud=4000000',
    ])
      expect((await add(connection)).statusCode, connection).toBe(201);
    const printer = (await add('tcp://printer.invalid:9100')).json<{ id: string }>();
    const changed = await t.request('admin', 'PATCH', `/api/admin/printers/${printer.id}`, {
      connection: 'tcp://printer.invalid:99999',
    });
    expect(changed.statusCode).toBe(400);
    expect(changed.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      params: { field: 'connection' },
    });
    const kept = (await t.request('admin', 'GET', '/api/admin/printers')).json<
      Array<{ id: string; connection: string }>
    >();
    expect(kept.find((p) => p.id === printer.id)?.connection).toBe('tcp://printer.invalid:9100');
  });
});

describe('the ticket’s QR code', () => {
  it('is an SVG of the status address, and 404 for an unknown ticket', async () => {
    const ticket = (await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A })).json();
    const qr = await t.request('anonymous', 'GET', `/api/tickets/${ticket.id}/qr.svg`);
    expect(qr.statusCode).toBe(200);
    expect(qr.headers['content-type']).toMatch(/image\/svg\+xml/);
    expect(qr.body).toMatch(/^<svg/);
    expect((await t.request('anonymous', 'GET', '/api/tickets/nope/qr.svg')).statusCode).toBe(404);
  });
});
