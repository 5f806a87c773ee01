import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrinter } from '../create-printer.ts';
import { decodeEscPos } from '../escpos/decoder.ts';
import { POLISH_JOB, UKRAINIAN_JOB } from '../layout/__golden__/golden-cases.ts';
import { DEFAULT_PROFILE, pruneVirtualArchive, VirtualPrinter } from './virtual-printer.ts';

let dir = '';
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('VirtualPrinter', () => {
  it('writes the ESC/POS bytes and a PDF with the embedded DejaVu font, per service day', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'numerek-virtual-'));
    const printer = new VirtualPrinter({ dir });
    const files = await printer.write(POLISH_JOB);
    expect(files.bin).toBe(path.join(dir, '2026-11-23', 'A017-t-7f3a.bin'));
    const pdf = await readFile(files.pdf);
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    expect(pdf.toString('latin1')).toContain('DejaVuSans');
    expect(pdf.toString('latin1')).toContain('/Subtype /Image'); // the QR code
    const text = decodeEscPos(await readFile(files.bin));
    expect(text.text).toContain('Urząd Miasta Łódź');
    expect(text.text).toContain('A017');
    expect(text.qr).toEqual([POLISH_JOB.statusUrl]);
    expect(text.markup).toContain('[codepage cp852]');
    expect(await printer.status()).toBe('ok');
  });

  it('is what createPrinter returns for "virtual", and handles Ukrainian tickets', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'numerek-virtual-'));
    const printer = createPrinter('virtual', DEFAULT_PROFILE, { virtualDir: dir });
    await printer.print(UKRAINIAN_JOB);
    const bin = await readFile(path.join(dir, '2026-11-23', 'B004-t-8b21.bin'));
    expect(decodeEscPos(bin).text).toContain('Людей перед вами: 0');
    // Closing waits for the PDF, drawn after print() resolved.
    await printer.close();
    const pdf = await readFile(path.join(dir, '2026-11-23', 'B004-t-8b21.pdf'));
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
  });

  it('prints once the .bin is written and draws the PDF in a worker thread, not on the caller’s event loop', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'numerek-virtual-'));
    const printer = new VirtualPrinter({ dir });
    await printer.write(POLISH_JOB); // starts the worker
    const jobs = Array.from({ length: 20 }, (_, i) => ({
      ...POLISH_JOB,
      ticketId: `t-${i}`,
      code: `A${100 + i}`,
    }));
    const before = performance.eventLoopUtilization();
    for (const job of jobs) await printer.print(job);
    const printing = performance.eventLoopUtilization(before);
    await printer.idle();
    const all = performance.eventLoopUtilization(before);
    const files = await readdir(path.join(dir, '2026-11-23'));
    expect(files.filter((f) => f.endsWith('.pdf'))).toHaveLength(21);
    // Drawing one PDF takes about 100 ms; on the event loop, 20 would keep it busy for 2 s.
    expect(printing.active).toBeLessThan(20 * 25);
    expect(all.active).toBeLessThan(20 * 25);
    process.stdout.write(
      `virtual printer, 20 tickets: event loop busy ${Math.round(printing.active)} ms while printing, ${Math.round(all.active)} ms until every PDF was written after ${Math.round(all.idle + all.active)} ms\n`,
    );
  }, 30_000);
});

describe('VirtualPrinter stopped with PDFs still to draw', () => {
  const burst = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ ...POLISH_JOB, ticketId: `t-${i}`, code: `A${100 + i}` }));
  const day = () => path.join(dir, '2026-11-23');
  const named = async (ext: string) =>
    (await readdir(day()))
      .filter((f) => f.endsWith(ext))
      .map((f) => f.slice(0, -ext.length))
      .sort();

  it('closes within its time, drawing the backlog in order and leaving the rest, which the next start draws: every ticket one PDF', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'numerek-virtual-'));
    const first = new VirtualPrinter({ dir });
    await first.write(POLISH_JOB); // starts the worker
    const jobs = burst(60);
    for (const job of jobs) await first.print(job);
    const closing = performance.now();
    await first.close(300);
    const closedMs = performance.now() - closing;
    const bins = (await named('.bin')).filter((n) => n !== 'A017-t-7f3a');
    const drawnAtStop = (await named('.pdf')).filter((n) => n !== 'A017-t-7f3a');
    const left = await named('.pdf-pending.json');
    process.stdout.write(
      `virtual printer closed with 60 PDFs to draw: ${Math.round(closedMs)} ms, ${drawnAtStop.length} drawn, ${left.length} left for the next start\n`,
    );
    expect(bins).toHaveLength(60);
    expect(closedMs).toBeLessThan(300 + 200);
    // One after another, the oldest first: what was drawn by the stop is the start of the burst.
    expect(left.length).toBeGreaterThan(0);
    expect(drawnAtStop.length).toBeLessThan(60);
    // Every ticket has its PDF or what the next start draws it from (the one being drawn, both).
    expect(bins.filter((n) => !drawnAtStop.includes(n) && !left.includes(n))).toEqual([]);

    const next = new VirtualPrinter({ dir });
    expect(await next.drawPending()).toBe(left.length);
    await next.idle();
    expect(await named('.pdf-pending.json')).toEqual([]);
    expect(await named('.pdf')).toEqual(['A017-t-7f3a', ...bins].sort());
    for (const name of left) {
      const pdf = await readFile(path.join(day(), `${name}.pdf`));
      expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
      expect(pdf.toString('latin1')).toContain('DejaVuSans');
    }
    // Nothing is left to draw a second time.
    expect(await new VirtualPrinter({ dir }).drawPending()).toBe(0);
  }, 60_000);

  it('draws what it was left in the width of the printer that printed it', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'numerek-virtual-'));
    const narrow = new VirtualPrinter({ dir, profile: { ...DEFAULT_PROFILE, paperWidth: 58 } });
    await narrow.print(POLISH_JOB);
    await narrow.close(0);
    await rm(path.join(day(), 'A017-t-7f3a.pdf'), { force: true });
    await writeFile(
      path.join(day(), 'A017-t-7f3a.pdf-pending.json'),
      JSON.stringify({ job: POLISH_JOB, paperWidth: 58 }),
    );
    const next = new VirtualPrinter({ dir });
    expect(await next.drawPending()).toBe(1);
    await next.idle();
    const pdf = (await readFile(path.join(day(), 'A017-t-7f3a.pdf'))).toString('latin1');
    // 58 mm in points, as the MediaBox gives it.
    expect(pdf).toMatch(/\/MediaBox \[0 0 164\.4\d* /);
  }, 30_000);

  it('drops a file cut short as it was written, saying so, and draws the others', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'numerek-virtual-'));
    await mkdir(day(), { recursive: true });
    await writeFile(path.join(day(), 'A001-t-1.pdf-pending.json'), '{"job":{"ticketId":');
    await writeFile(
      path.join(day(), 'A017-t-7f3a.pdf-pending.json'),
      JSON.stringify({ job: POLISH_JOB, paperWidth: 80 }),
    );
    const failed: string[] = [];
    const next = new VirtualPrinter({ dir, onPdfError: (_e, file) => failed.push(path.basename(file)) });
    expect(await next.drawPending()).toBe(1);
    await next.idle();
    expect(failed).toEqual(['A001-t-1.pdf']);
    expect((await readdir(day())).sort()).toEqual(['A017-t-7f3a.pdf']);
  }, 30_000);
});

describe('pruneVirtualArchive', () => {
  it('deletes the day folders before the first kept day, by their name, and nothing else', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'numerek-virtual-'));
    for (const day of ['2026-10-30', '2026-11-01', '2026-11-02', '2026-11-03']) {
      await mkdir(path.join(dir, day));
      await writeFile(path.join(dir, day, 'A001-t.bin'), 'x');
    }
    await writeFile(path.join(dir, 'notes.txt'), 'kept');
    await mkdir(path.join(dir, 'other'));
    expect(await pruneVirtualArchive(dir, '2026-11-02')).toEqual(['2026-10-30', '2026-11-01']);
    expect((await readdir(dir)).sort()).toEqual(['2026-11-02', '2026-11-03', 'notes.txt', 'other']);
    expect(await pruneVirtualArchive(dir, '2026-11-02')).toEqual([]);
    expect(await pruneVirtualArchive(path.join(dir, 'missing'), '2026-11-02')).toEqual([]);
  });
});
