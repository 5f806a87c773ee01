import type { PrinterState } from '@numerek/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrinter } from '../create-printer.ts';
import { decodeEscPos } from '../escpos/decoder.ts';
import { FakePrinter } from '../fake/fake-printer.ts';
import { POLISH_JOB } from '../layout/__golden__/golden-cases.ts';
import { layoutTicket } from '../layout/ticket-layout.ts';
import { PrintError, type PrinterProfile } from '../ticket-printer.ts';
import { TcpTransport } from '../transports/tcp.transport.ts';
import type { PrinterTransport } from '../transports/transport.ts';
import { PrintQueue, type PrintQueueOptions } from './print-queue.ts';

// Real TCP against the fake printer on 127.0.0.1; only the timeouts are shortened.
const profile: PrinterProfile = { codePage: 'cp852', cyrillic: 'cp866', paperWidth: 58, cut: 'full' };
const fast: Omit<PrintQueueOptions, 'profile'> = {
  statusTimeoutMs: 150,
  maxJobAgeMs: 1500,
  pollIntervalMs: 50,
  reconnectDelayMs: { initial: 20, max: 100 },
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let fake: FakePrinter;
let queue: PrintQueue;
const started: Array<{ close(): Promise<void> }> = [];

async function setup(
  state: Parameters<typeof FakePrinter.start>[0],
  options: Partial<PrintQueueOptions> = {},
): Promise<void> {
  fake = await FakePrinter.start(state);
  queue = new PrintQueue(() => new TcpTransport({ host: '127.0.0.1', port: fake.port, allowLocal: true }), {
    profile,
    ...fast,
    ...options,
  });
  started.push(queue, fake);
}

afterEach(async () => {
  for (const s of started.splice(0)) await s.close();
});

describe('PrintQueue over TCP with the fake printer', () => {
  it('ok: prints exactly the layout bytes, status requests stripped', async () => {
    await setup('ok');
    await queue.print(POLISH_JOB);
    expect(fake.jobs).toHaveLength(1);
    expect(Buffer.from(fake.jobs[0] ?? [])).toEqual(Buffer.from(layoutTicket(POLISH_JOB, profile)));
    expect(fake.statusRequests).toBe(8); // DLE EOT 1–4 before the job, and 1–4 to confirm it
    expect(await queue.status()).toBe('ok');
  });

  it('prints jobs in order on one connection', async () => {
    await setup('ok');
    const codes = ['A001', 'A002', 'A003'];
    await Promise.all(codes.map((code) => queue.print({ ...POLISH_JOB, code })));
    expect(fake.jobs.map((j) => decodeEscPos(j).markup.match(/\[size 4x4\](\w+)/)?.[1])).toEqual(codes);
    expect(fake.connections).toBe(1);
  });

  it('paper near end: prints and reports the state', async () => {
    await setup('paper_near_end');
    const seen: PrinterState[] = [];
    queue.onStatus((s) => seen.push(s));
    await queue.print(POLISH_JOB);
    expect(fake.jobs).toHaveLength(1);
    expect(await queue.status()).toBe('paper_near_end');
    expect(seen).toEqual(['paper_near_end']);
  });

  for (const state of ['paper_out', 'cover_open', 'offline'] as const) {
    it(`${state}: rejects with PrintError('${state}') and sends no job bytes`, async () => {
      await setup(state);
      const error = await queue.print(POLISH_JOB).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrintError);
      expect((error as PrintError).reason).toBe(state);
      fake.setState('ok'); // a refill: nothing was held, so nothing prints late
      await sleep(50);
      expect(fake.jobs).toEqual([]);
      expect(fake.held).toEqual([]);
      expect(await queue.status()).toBe('ok');
    });
  }

  for (const state of ['paper_out', 'cover_open'] as const) {
    it(`${state} during the job: rejects with PrintError('${state}'), clears the printer's buffer, nothing prints after recovery`, async () => {
      await setup('ok');
      fake.changeStateDuringNextJob(state);
      const error = await queue.print(POLISH_JOB).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PrintError);
      expect((error as PrintError).reason).toBe(state);
      expect(fake.cleared).toHaveLength(1);
      fake.setState('ok');
      await sleep(50);
      expect(fake.jobs).toEqual([]);
      expect(fake.held).toEqual([]);
      // No resend either: the next job is the only one printed.
      await queue.print(POLISH_JOB);
      expect(fake.jobs).toHaveLength(1);
      expect(fake.cleared).toHaveLength(1);
    });
  }

  it("silent: rejects with PrintError('no_answer') after the job's max age", async () => {
    await setup('silent', { maxJobAgeMs: 400 });
    const t0 = Date.now();
    await expect(queue.print(POLISH_JOB)).rejects.toMatchObject({ name: 'PrintError', reason: 'no_answer' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    expect(fake.jobs).toEqual([]);
    expect(fake.held).toEqual([]);
    expect(await queue.status()).toBe('no_answer');
  });

  it('silent: the rejection comes at the max age, not a status timeout later', async () => {
    await setup('silent', { statusTimeoutMs: 300, maxJobAgeMs: 400 });
    const t0 = Date.now();
    await expect(queue.print(POLISH_JOB)).rejects.toMatchObject({ reason: 'no_answer' });
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(500);
    expect(fake.jobs).toEqual([]);
  });

  it('a host that never completes the connection: rejects at the max age, not a connect timeout later', async () => {
    const unreachable: PrinterTransport = {
      canRead: true,
      isOpen: false,
      open: () => new Promise<void>(() => undefined),
      write: () => Promise.reject(new Error('not connected')),
      onData: () => () => undefined,
      onClose: () => () => undefined,
      close: () => Promise.resolve(),
    };
    queue = new PrintQueue(() => unreachable, { profile, ...fast, maxJobAgeMs: 300 });
    started.push(queue);
    const t0 = Date.now();
    await expect(queue.print(POLISH_JOB)).rejects.toMatchObject({ reason: 'no_answer' });
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(450);
  });

  it('silent with requireStatus off: prints without a check and reports no_answer', async () => {
    await setup('silent', { requireStatus: false });
    const printed = fake.nextJob();
    await queue.print(POLISH_JOB); // resolves once the bytes are sent: nothing confirms them
    await printed;
    expect(fake.jobs).toHaveLength(1);
    expect(await queue.status()).toBe('no_answer');
  });

  it('no printer listening: no_answer, and recovers when the printer comes back', async () => {
    await setup('ok', { maxJobAgeMs: 200 });
    const port = fake.port;
    await fake.close();
    await expect(queue.print(POLISH_JOB)).rejects.toMatchObject({ reason: 'no_answer' });
    expect(await queue.status()).toBe('no_answer');
    fake = await FakePrinter.start('ok', port);
    started.push(fake);
    await queue.print(POLISH_JOB);
    expect(fake.jobs).toHaveLength(1);
  });

  it('connection reset mid-job: reconnects and sends the whole job again, exactly one complete job', async () => {
    await setup('ok');
    fake.dropNextJob();
    await queue.print(POLISH_JOB);
    expect(fake.dropped).toHaveLength(1);
    expect(fake.jobs).toHaveLength(1);
    expect(Buffer.from(fake.jobs[0] ?? [])).toEqual(Buffer.from(layoutTicket(POLISH_JOB, profile)));
    expect(decodeEscPos(fake.jobs[0] ?? new Uint8Array()).cuts).toEqual(['full']);
    expect(fake.connections).toBe(2);
  });

  it('a connection that drops every job: gives up after three sends, leaving no complete job', async () => {
    await setup('ok');
    fake.dropNextJob(10);
    await expect(queue.print(POLISH_JOB)).rejects.toMatchObject({ reason: 'error' });
    expect(fake.dropped).toHaveLength(3);
    expect(fake.jobs).toEqual([]);
  });

  it('paper out, refilled after the max age: the stale job is never printed', async () => {
    await setup('paper_out', { waitWhileNotReady: true, maxJobAgeMs: 300 });
    const result = queue.print(POLISH_JOB).catch((e: unknown) => e);
    await sleep(100);
    expect(fake.statusRequests).toBeGreaterThan(4); // still asking while it waits
    const error = await result;
    expect((error as PrintError).reason).toBe('paper_out');
    fake.setState('ok');
    await sleep(200);
    expect(fake.jobs).toEqual([]);
    expect(fake.held).toEqual([]);
  });

  it('paper out, refilled within the max age: waits and prints once', async () => {
    await setup('paper_out', { waitWhileNotReady: true, maxJobAgeMs: 2000 });
    const printed = queue.print(POLISH_JOB);
    await sleep(150);
    fake.setState('ok');
    await printed;
    expect(fake.jobs).toHaveLength(1);
  });

  it('reports state changes to onStatus listeners', async () => {
    await setup('ok');
    const seen: PrinterState[] = [];
    queue.onStatus((s) => seen.push(s));
    expect(await queue.status()).toBe('ok');
    fake.setState('cover_open');
    expect(await queue.status()).toBe('cover_open');
    fake.setState('ok');
    expect(await queue.status()).toBe('ok');
    expect(seen).toEqual(['ok', 'cover_open', 'ok']);
  });

  it('close() rejects a waiting job and refuses new ones', async () => {
    await setup('paper_out', { waitWhileNotReady: true, maxJobAgeMs: 10_000 });
    const waiting = queue.print(POLISH_JOB);
    await sleep(80);
    await queue.close();
    await expect(waiting).rejects.toMatchObject({ reason: 'error' });
    await expect(queue.print(POLISH_JOB)).rejects.toBeInstanceOf(PrintError);
    expect(fake.jobs).toEqual([]);
  });

  it('close() with a burst waiting on a silent printer takes at most the status read under way; every job is refused, none prints when it answers again', async () => {
    // The production timeouts: a status read gives up after 2 s, a job after 15 s.
    await setup('silent', {
      statusTimeoutMs: 2000,
      maxJobAgeMs: 15_000,
      reconnectDelayMs: { initial: 200, max: 5000 },
    });
    const jobs = Array.from({ length: 10 }, (_, i) =>
      queue.print({ ...POLISH_JOB, code: `A${100 + i}` }).then(
        () => 'printed',
        (e: unknown) => (e as PrintError).reason,
      ),
    );
    await sleep(300);
    const t0 = performance.now();
    await queue.close();
    const closedMs = performance.now() - t0;
    process.stdout.write(
      `print queue closed with 10 jobs waiting on a silent printer: ${Math.round(closedMs)} ms\n`,
    );
    expect(closedMs).toBeLessThan(2000 + 300);
    expect(await Promise.all(jobs)).toEqual(Array.from({ length: 10 }, () => 'error'));
    fake.setState('ok');
    await sleep(300);
    expect(fake.jobs).toEqual([]);
    expect(fake.held).toEqual([]);
  });

  it('close() with a burst waiting on a printer switched off ends at once; every job is refused, none prints when it is back', async () => {
    await setup('ok', { maxJobAgeMs: 15_000, reconnectDelayMs: { initial: 200, max: 5000 } });
    const port = fake.port;
    await fake.close();
    const jobs = Array.from({ length: 10 }, (_, i) =>
      queue.print({ ...POLISH_JOB, code: `A${100 + i}` }).then(
        () => 'printed',
        (e: unknown) => (e as PrintError).reason,
      ),
    );
    await sleep(500);
    const t0 = performance.now();
    await queue.close();
    const closedMs = performance.now() - t0;
    process.stdout.write(
      `print queue closed with 10 jobs waiting on a printer switched off: ${Math.round(closedMs)} ms\n`,
    );
    expect(closedMs).toBeLessThan(300);
    expect(await Promise.all(jobs)).toEqual(Array.from({ length: 10 }, () => 'error'));
    fake = await FakePrinter.start('ok', port);
    started.push(fake);
    await sleep(300);
    expect(fake.jobs).toEqual([]);
  });

  it('notAfter sooner than the max age: a job that cannot print by then is dropped at notAfter, never printed later', async () => {
    await setup('paper_out', { waitWhileNotReady: true, maxJobAgeMs: 10_000 });
    const t0 = Date.now();
    const error = await queue.print(POLISH_JOB, { notAfter: t0 + 300 }).catch((e: unknown) => e);
    expect((error as PrintError).reason).toBe('paper_out');
    expect(Date.now() - t0).toBeLessThan(2000);
    fake.setState('ok');
    await sleep(200);
    expect(fake.jobs).toEqual([]);
    expect(fake.held).toEqual([]);
  });

  it('notAfter already past: nothing is sent', async () => {
    await setup('ok');
    const sent: string[] = [];
    const error = await queue
      .print(POLISH_JOB, { notAfter: Date.now() - 1, beforeSend: () => void sent.push('sent') })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrintError);
    expect(sent).toEqual([]);
    expect(fake.jobs).toEqual([]);
  });

  it('beforeSend runs once, after the status check and before the first byte, also when the job is sent again', async () => {
    await setup('ok');
    fake.dropNextJob();
    const seen: number[] = [];
    await queue.print(POLISH_JOB, {
      beforeSend: () => void seen.push(fake.statusRequests, fake.jobs.length + fake.dropped.length),
    });
    expect(seen).toEqual([4, 0]); // DLE EOT 1–4 answered, nothing of the job received yet
    expect(fake.dropped).toHaveLength(1);
    expect(fake.jobs).toHaveLength(1);
  });

  it('beforeSend is not called when the printer cannot print', async () => {
    await setup('paper_out');
    let called = false;
    await expect(queue.print(POLISH_JOB, { beforeSend: () => void (called = true) })).rejects.toMatchObject({
      reason: 'paper_out',
    });
    expect(called).toBe(false);
  });

  it('a beforeSend that fails stops the job: nothing is sent', async () => {
    await setup('ok');
    await expect(
      queue.print(POLISH_JOB, {
        beforeSend: () => {
          throw new Error('journal not writable');
        },
      }),
    ).rejects.toMatchObject({ reason: 'error' });
    await sleep(50);
    expect(fake.jobs).toEqual([]);
  });

  it('createPrinter builds a TCP print queue from a connection string', async () => {
    fake = await FakePrinter.start('ok');
    const printer = createPrinter(fake.connection, profile, { ...fast, allowLocal: true });
    started.push(printer, fake);
    await printer.print({ ...POLISH_JOB, language: 'en' });
    expect(decodeEscPos(fake.jobs[0] ?? new Uint8Array()).text).toContain('People ahead of you: 3');
  });
});
