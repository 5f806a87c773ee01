import { decodeEscPos, FakePrinter } from '@numerek/hardware';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '@numerek/server/testing';

// The real server with the real drivers, printing over real TCP to a fake Epson printer.
let t: TestApp;
let fake: FakePrinter;
let printerId: string;

/** The last job the fake printer printed (the server answers only once it has printed). */
async function lastJob(count: number): Promise<Uint8Array> {
  await expect.poll(() => fake.jobs.length).toBe(count);
  const job = fake.jobs[count - 1];
  if (!job) throw new Error('no job');
  return job;
}

beforeEach(async () => {
  t = await createTestApp();
  fake = await FakePrinter.start('ok');
  const printer = await t.request('admin', 'POST', '/api/admin/printers', {
    name: 'Drukarka w holu',
    connection: fake.connection,
    codePage: 'cp852',
    paperWidth: 80,
    maxJobAgeSeconds: 5,
  });
  expect(printer.statusCode).toBe(201);
  expect(printer.json().status).toBe('ok');
  printerId = printer.json().id;
  const kiosk = (await t.request('kiosk', 'GET', '/api/devices/me')).json();
  expect(
    (await t.request('supervisor', 'PATCH', `/api/admin/devices/${kiosk.id}`, { printerId })).statusCode,
  ).toBe(200);
});

afterEach(async () => {
  await t.close();
  await fake.close();
});

describe('a kiosk with a thermal printer', () => {
  it('prints the ticket: code, Polish category name and the QR of its status page', async () => {
    const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.M });
    expect(res.statusCode).toBe(201);
    const ticket = res.json();
    expect(ticket.print).toEqual({ state: 'printed', reason: null });
    const decoded = decodeEscPos(await lastJob(1));
    expect(decoded.text).toContain('M001');
    expect(decoded.text).toContain('Meldunek');
    expect(decoded.text).toContain('Urząd Miasta Przykładowo');
    expect(decoded.qr).toEqual([ticket.statusUrl]);
    expect(decoded.cuts).toEqual(['full']);
  });

  it('prints that no counter serves the matter now, in place of the wait, until a counter opens', async () => {
    // Early morning: counters 1, 2 and 6 are set up for M, and nobody has opened one.
    const early = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.M });
    expect(early.json()).toMatchObject({ nobodyServing: true, print: { state: 'printed' } });
    const first = decodeEscPos(await lastJob(1)).text.replace(/\s+/g, ' ');
    expect(first).toContain(
      'Teraz żadne stanowisko nie obsługuje tej sprawy. Wywołamy Cię, gdy któreś się otworzy.',
    );
    expect(first).not.toContain('Czas czekania');
    expect(first).toContain('Osób przed Tobą: 0');

    const english = await t.request('kiosk', 'POST', '/api/tickets', {
      categoryId: t.category.M,
      language: 'en',
    });
    expect(english.json().nobodyServing).toBe(true);
    expect(decodeEscPos(await lastJob(2)).text.replace(/\s+/g, ' ')).toContain(
      'No counter is serving this matter right now. We will call you when one opens.',
    );

    const opened = await t.request('clerk', 'POST', `/api/counters/${t.counter[1]}/open`);
    expect(opened.statusCode, opened.body).toBe(200);
    const served = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.M });
    expect(served.json().nobodyServing).toBe(false);
    const third = decodeEscPos(await lastJob(3)).text.replace(/\s+/g, ' ');
    expect(third).toMatch(/Czas czekania: \d+([-–]\d+)? min/);
    expect(third).not.toContain('żadne stanowisko');
  });

  it('prints a Ukrainian ticket with its Cyrillic text', async () => {
    await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A, language: 'uk' });
    expect(decodeEscPos(await lastJob(1)).text).toContain('Посвідчення особи');
  });

  it('out of paper: issues and shows the ticket, alerts the console, and prints nothing stale after the refill', async () => {
    const alerts: Array<{ state: string; alert: boolean }> = [];
    t.app.services.bus.subscribe('printer.status', (e) => alerts.push(e));
    fake.setState('paper_out');
    const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'A001', print: { state: 'failed', reason: 'paper_out' } });
    expect(await t.db.value("SELECT count(*) FROM tickets WHERE code = 'A001'")).toBe(1);
    await expect.poll(() => alerts.some((a) => a.state === 'paper_out' && a.alert)).toBe(true);
    const listed = (await t.request('supervisor', 'GET', '/api/admin/printers')).json();
    expect(listed[0].status).toBe('paper_out');

    fake.setState('ok');
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.jobs).toHaveLength(0);
    expect(fake.held).toHaveLength(0);
    // The next ticket prints normally.
    await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
    expect(decodeEscPos(await lastJob(1)).text).toContain('A002');
  });

  it('a test print comes out with the Polish letters intact', async () => {
    const res = await t.request('supervisor', 'POST', `/api/admin/printers/${printerId}/test`);
    expect(res.json()).toEqual({ state: 'printed', reason: null });
    expect(decodeEscPos(await lastJob(1)).text.replace(/\s+/g, ' ')).toContain('zażółć gęślą jaźń');
  });
});
