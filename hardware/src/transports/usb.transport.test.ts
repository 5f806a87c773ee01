import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPseudoTerminal, type PseudoTerminal } from '../fake/pseudo-terminal.ts';
import { POLISH_JOB } from '../layout/__golden__/golden-cases.ts';
import { PrintQueue } from '../queue/print-queue.ts';
import { SerialTransport } from './serial.transport.ts';
import { UsbTransport } from './usb.transport.ts';

const PROFILE = { codePage: 'cp852', cyrillic: 'cp866', paperWidth: 58, cut: 'full' } as const;

// A raw pseudo-terminal, a real character device under /dev, stands in for /dev/usb/lp0.
describe('UsbTransport', () => {
  let pty: PseudoTerminal | null = null;
  const cleanup: string[] = [];
  afterEach(async () => {
    await pty?.close();
    pty = null;
    for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('prints blind through a write-only device when status is not required', async () => {
    pty = await openPseudoTerminal();
    const queue = new PrintQueue(() => new UsbTransport({ path: pty?.path ?? '' }), {
      profile: PROFILE,
      requireStatus: false,
      layout: () => Uint8Array.of(0x1b, 0x40, 0x41, 0x0a),
    });
    await queue.print(POLISH_JOB);
    expect(await queue.status()).toBe('ok');
    await queue.close();
    await expect.poll(() => [...(pty?.received() ?? [])]).toEqual([0x1b, 0x40, 0x41, 0x0a]);
  });

  it('refuses to print when status is required but the device cannot answer', async () => {
    pty = await openPseudoTerminal();
    const device = pty.path;
    const queue = new PrintQueue(() => new UsbTransport({ path: device }), {
      profile: PROFILE,
      maxJobAgeMs: 100,
      reconnectDelayMs: { initial: 20, max: 20 },
      layout: () => Uint8Array.of(0x41),
    });
    await expect(queue.print(POLISH_JOB)).rejects.toMatchObject({ reason: 'no_answer' });
    await queue.close();
    expect([...pty.received()].includes(0x41)).toBe(false);
  });

  describe('opens only an existing character device under /dev', () => {
    /** A file of the server's (think DATA_DIR/numerek.sqlite) that printing must never touch. */
    async function victim(): Promise<{ file: string; before: () => Promise<void> }> {
      const dir = await mkdtemp(path.join(tmpdir(), 'numerek-victim-'));
      cleanup.push(dir);
      const file = path.join(dir, 'numerek.sqlite');
      await writeFile(file, 'SQLite format 3\0 the office database');
      const original = await stat(file);
      return {
        file,
        before: async () => {
          expect(await readFile(file, 'utf8')).toBe('SQLite format 3\0 the office database');
          expect((await stat(file)).mtimeMs).toBe(original.mtimeMs);
        },
      };
    }

    async function refused(device: string): Promise<void> {
      const usb = new UsbTransport({ path: device });
      await expect(usb.open()).rejects.toMatchObject({ name: 'NotADeviceError' });
      expect(usb.isOpen).toBe(false);
      const serial = new SerialTransport({ path: device, baudRate: 19200 });
      await expect(serial.open()).rejects.toMatchObject({ name: 'NotADeviceError' });
    }

    it('refuses a path that climbs out of /dev with "..", and leaves the file as it was', async () => {
      const { file, before } = await victim();
      await refused(`/dev/..${file}`);
      await refused(`/dev/usb/../..${file}`);
      await before();
    });

    it('refuses a symlink under /dev that leads out of it, and leaves its target as it was', async () => {
      const { file, before } = await victim();
      const dir = await mkdtemp('/dev/shm/numerek-link-');
      cleanup.push(dir);
      const link = path.join(dir, 'lp0');
      await symlink(file, link);
      await refused(link);
      await before();
    });

    it('refuses a regular file under /dev, unchanged, and never creates a missing device', async () => {
      const dir = await mkdtemp('/dev/shm/numerek-file-');
      cleanup.push(dir);
      const regular = path.join(dir, 'lp0');
      await writeFile(regular, 'not a printer');
      await refused(regular);
      expect(await readFile(regular, 'utf8')).toBe('not a printer');
      const missing = path.join(dir, 'lp1');
      await refused(missing);
      expect(existsSync(missing)).toBe(false);
    });

    it('says the same for a missing path and for a file outside /dev, so status tells no file exists', async () => {
      const { file } = await victim();
      const messages: string[] = [];
      for (const device of [`/dev/..${file}`, `/dev/..${file}.missing`, '/dev/usb/lp97']) {
        const error = await new UsbTransport({ path: device }).open().catch((e: Error) => e);
        messages.push(String((error as Error).message).replace(device, '<path>'));
      }
      expect(new Set(messages).size).toBe(1);
    });
  });
});
