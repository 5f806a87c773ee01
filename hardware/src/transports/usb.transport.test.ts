import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { POLISH_JOB } from '../layout/__golden__/golden-cases.ts';
import { PrintQueue } from '../queue/print-queue.ts';
import { UsbTransport } from './usb.transport.ts';

// A plain file stands in for /dev/usb/lp0: the transport only opens, writes and closes it.
describe('UsbTransport', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('prints blind through a write-only device file when status is not required', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'numerek-usb-'));
    const device = path.join(dir, 'lp0');
    await import('node:fs/promises').then((fs) => fs.writeFile(device, ''));
    const queue = new PrintQueue(() => new UsbTransport({ path: device }), {
      profile: { codePage: 'cp852', cyrillic: 'cp866', paperWidth: 58, cut: 'full' },
      requireStatus: false,
      layout: () => Uint8Array.of(0x1b, 0x40, 0x41, 0x0a),
    });
    await queue.print(POLISH_JOB);
    expect(await queue.status()).toBe('ok');
    await queue.close();
    expect([...(await readFile(device))]).toEqual([0x1b, 0x40, 0x41, 0x0a]);
  });

  it('refuses to print when status is required but the device cannot answer', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'numerek-usb-'));
    const device = path.join(dir, 'lp0');
    await import('node:fs/promises').then((fs) => fs.writeFile(device, ''));
    const queue = new PrintQueue(() => new UsbTransport({ path: device }), {
      profile: { codePage: 'cp852', cyrillic: 'cp866', paperWidth: 58, cut: 'full' },
      maxJobAgeMs: 100,
      reconnectDelayMs: { initial: 20, max: 20 },
      layout: () => Uint8Array.of(0x41),
    });
    await expect(queue.print(POLISH_JOB)).rejects.toMatchObject({ reason: 'no_answer' });
    await queue.close();
    expect((await readFile(device)).length).toBe(0);
  });
});
