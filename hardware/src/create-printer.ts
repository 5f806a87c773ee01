import { PrintQueue, type PrintQueueOptions, type StatusListener } from './queue/print-queue.ts';
import type { PrinterProfile, TicketPrinter } from './ticket-printer.ts';
import { parseConnection } from './transports/connection.ts';
import { SerialTransport } from './transports/serial.transport.ts';
import { TcpTransport } from './transports/tcp.transport.ts';
import { UsbTransport } from './transports/usb.transport.ts';
import { VirtualPrinter } from './virtual/virtual-printer.ts';

/** A configured printer: prints, reports its state, tells listeners when it changes, closes. */
export interface ManagedPrinter extends TicketPrinter {
  onStatus(listener: StatusListener): () => void;
  close(): Promise<void>;
}

/** Everything createPrinter needs besides the connection and the profile. */
export interface CreatePrinterOptions extends Omit<PrintQueueOptions, 'profile'> {
  /** Folder of the virtual printer's files. */
  virtualDir?: string;
  /** Read status through a USB device file (most cannot: see UsbTransport). */
  usbReadStatus?: boolean;
  connectTimeoutMs?: number;
  /** Allow network printers on loopback or link-local addresses (see TcpTransportOptions). */
  allowLocal?: boolean;
}

/**
 * A TicketPrinter for a `connection` string: a print queue over TCP, USB or serial, or the
 * virtual printer. USB printers print without a status check unless `usbReadStatus` is set
 * (or `requireStatus` is set explicitly). Throws on a malformed connection string.
 */
export function createPrinter(
  connection: string,
  profile: PrinterProfile,
  options: CreatePrinterOptions = {},
): ManagedPrinter {
  const {
    virtualDir = 'data/tickets',
    usbReadStatus = false,
    connectTimeoutMs,
    allowLocal = false,
    ...queue
  } = options;
  const c = parseConnection(connection);
  switch (c.kind) {
    case 'virtual':
      return new VirtualPrinter({ dir: virtualDir, profile });
    case 'tcp':
      return new PrintQueue(
        () => new TcpTransport({ host: c.host, port: c.port, connectTimeoutMs, allowLocal }),
        {
          ...queue,
          profile,
        },
      );
    case 'usb':
      return new PrintQueue(() => new UsbTransport({ path: c.path, readStatus: usbReadStatus }), {
        requireStatus: usbReadStatus,
        ...queue,
        profile,
      });
    case 'serial':
      return new PrintQueue(() => new SerialTransport({ path: c.path, baudRate: c.baudRate }), {
        ...queue,
        profile,
      });
  }
}
