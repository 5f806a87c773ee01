import net from 'node:net';
import { printerAddress } from './network-address.ts';
import { TransportEvents, type PrinterTransport } from './transport.ts';

/** Options of a raw TCP ("port 9100", JetDirect) connection. */
export interface TcpTransportOptions {
  host: string;
  port: number;
  connectTimeoutMs?: number;
  /**
   * Allow loopback and link-local addresses (the server itself, 169.254.x.x). Off by default:
   * whoever configures printers must not be able to make the server talk to its own services.
   */
  allowLocal?: boolean;
}

/** Raw TCP to a network printer. One instance is one connection; open a new one to reconnect. */
export class TcpTransport implements PrinterTransport {
  readonly canRead = true;
  private socket: net.Socket | null = null;
  private readonly events = new TransportEvents();

  constructor(private readonly options: TcpTransportOptions) {}

  get isOpen(): boolean {
    return this.socket !== null && !this.socket.destroyed;
  }

  async open(): Promise<void> {
    const host = await printerAddress(this.options.host, this.options.allowLocal ?? false);
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ host, port: this.options.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy(new Error(`no connection to ${this.options.host}:${this.options.port}`));
      }, this.options.connectTimeoutMs ?? 3000);
      socket.once('connect', () => {
        clearTimeout(timer);
        this.socket = socket;
        resolve();
      });
      socket.on('data', (chunk: Buffer) => this.events.emitData(chunk));
      socket.on('error', (error) => {
        clearTimeout(timer);
        if (this.socket !== socket) reject(error);
      });
      socket.on('close', () => {
        clearTimeout(timer);
        if (this.socket === socket) {
          this.socket = null;
          this.events.emitClose();
        } else {
          reject(new Error(`connection to ${this.options.host}:${this.options.port} closed`));
        }
      });
    });
  }

  write(bytes: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) return Promise.reject(new Error('not connected'));
    return new Promise((resolve, reject) => {
      socket.write(bytes, (error) => (error ? reject(error) : resolve()));
    });
  }

  onData(listener: (chunk: Uint8Array) => void): () => void {
    return this.events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.events.onClose(listener);
  }

  async close(): Promise<void> {
    const socket = this.socket;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      // A printer that never acknowledges the FIN must not hold up the caller.
      setTimeout(() => socket.destroy(), 500).unref();
    });
  }
}
