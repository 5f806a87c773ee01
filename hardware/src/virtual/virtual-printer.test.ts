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
