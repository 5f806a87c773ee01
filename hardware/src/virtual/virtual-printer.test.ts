import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPrinter } from '../create-printer.ts';
import { decodeEscPos } from '../escpos/decoder.ts';
import { POLISH_JOB, UKRAINIAN_JOB } from '../layout/__golden__/golden-cases.ts';
import { DEFAULT_PROFILE, VirtualPrinter } from './virtual-printer.ts';

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
    const pdf = await readFile(path.join(dir, '2026-11-23', 'B004-t-8b21.pdf'));
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
  });
});
