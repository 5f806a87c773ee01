import { constants, type FileHandle } from 'node:fs/promises';
import { openCharacterDevice } from './device-file.ts';
import { TransportEvents, type PrinterTransport } from './transport.ts';

/** Options of a Linux USB printer-class device file (usblp), e.g. `/dev/usb/lp0`. */
export interface UsbTransportOptions {
  path: string;
  /**
   * Read replies (status) from the device file. Off by default: many printers and kernels
   * answer nothing through usblp, and the queue then prints without a status check unless the
   * printer is configured to require one.
   */
  readStatus?: boolean;
  /** How often to poll for reply bytes when reading. */
  pollMs?: number;
}

const isBusy = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && (error.code === 'EAGAIN' || error.code === 'EWOULDBLOCK');

/**
 * Writes to the kernel's USB printer device with no native code. With `readStatus` the file is
 * opened non-blocking for read and write, and replies are polled, because a blocking read on
 * a character device would hold one of libuv's few threads until the printer speaks.
 */
export class UsbTransport implements PrinterTransport {
  readonly canRead: boolean;
  private handle: FileHandle | null = null;
  private poller: NodeJS.Timeout | null = null;
  private reading = false;
  private readonly events = new TransportEvents();

  constructor(private readonly options: UsbTransportOptions) {
    this.canRead = options.readStatus ?? false;
  }

  get isOpen(): boolean {
    return this.handle !== null;
  }

  async open(): Promise<void> {
    // Only an existing character device under /dev: never a regular file, never created.
    this.handle = await openCharacterDevice(
      this.options.path,
      this.canRead ? constants.O_RDWR : constants.O_WRONLY,
    );
    if (this.canRead) {
      this.poller = setInterval(() => void this.poll(), this.options.pollMs ?? 20);
      this.poller.unref();
    }
  }

  async write(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.length) {
      const handle = this.handle;
      if (!handle) throw new Error('not open');
      try {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, null);
        offset += bytesWritten;
      } catch (error) {
        if (!isBusy(error)) {
          await this.fail(error instanceof Error ? error : new Error(String(error)));
          throw error;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.events.onClose(listener);
  }

  async close(): Promise<void> {
    await this.fail();
  }

  private async poll(): Promise<void> {
    const handle = this.handle;
    if (!handle || this.reading) return;
    this.reading = true;
    try {
      const buffer = Buffer.alloc(64);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead > 0) this.events.emitData(buffer.subarray(0, bytesRead));
    } catch (error) {
      if (!isBusy(error)) await this.fail(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.reading = false;
    }
  }

  private async fail(error?: Error): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    const handle = this.handle;
    this.handle = null;
    if (!handle) return;
    await handle.close().catch(() => undefined);
    this.events.emitClose(error);
  }
}
