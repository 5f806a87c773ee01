import { resolveDevicePath } from './device-file.ts';
import { TransportEvents, type PrinterTransport } from './transport.ts';

/** What the transport uses of a `serialport` port (so tests can pass serialport's mock). */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: (error: Error | null) => void): void;
  write(data: Buffer, callback: (error: Error | null | undefined) => void): boolean;
  drain(callback: (error: Error | null) => void): void;
  close(callback: (error: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): this;
  on(event: 'close', listener: () => void): this;
}

/** Options of a serial (RS-232 or USB-serial) printer. */
export interface SerialTransportOptions {
  path: string;
  baudRate: number;
  /** Makes the (unopened) port; a real `serialport` port unless a test passes a mock. */
  createPort?: (options: { path: string; baudRate: number }) => SerialPortLike;
}

// serialport and its native code are loaded only when a serial printer is opened: most offices
// have none, and the server starts faster and smaller without them.
const realPort = async (options: { path: string; baudRate: number }): Promise<SerialPortLike> => {
  const { SerialPort } = await import('serialport');
  return new SerialPort({ ...options, autoOpen: false });
};

/** A printer on a serial port (`serialport` 13, prebuilt binaries). */
export class SerialTransport implements PrinterTransport {
  readonly canRead = true;
  private port: SerialPortLike | null = null;
  private readonly events = new TransportEvents();

  constructor(private readonly options: SerialTransportOptions) {}

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    // Only an existing character device under /dev (the port's native code would open any path).
    const path = this.options.createPort ? this.options.path : await resolveDevicePath(this.options.path);
    const port = await (this.options.createPort ?? realPort)({ path, baudRate: this.options.baudRate });
    return new Promise((resolve, reject) => {
      port.open((error) => {
        if (error) return reject(error);
        this.port = port;
        port.on('data', (chunk) => this.events.emitData(chunk));
        port.on('close', () => {
          if (this.port === port) this.port = null;
          this.events.emitClose();
        });
        resolve();
      });
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port) return Promise.reject(new Error('not open'));
    return new Promise((resolve, reject) => {
      port.write(Buffer.from(bytes), (error) => {
        if (error) return reject(error);
        // drain: the bytes have left the host, not just entered Node's buffer.
        port.drain((drainError) => (drainError ? reject(drainError) : resolve()));
      });
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.events.onClose(listener);
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
