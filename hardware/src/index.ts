/**
 * @numerek/hardware: ticket printers. The TicketPrinter interface and its implementations
 * (print queue over TCP, USB or serial; virtual; memory; log), the pure ticket layout and
 * ESC/POS encoder and decoder, the status reader, and a fake network printer for tests.
 */
export * from './ticket-printer.ts';
export { createPrinter, type CreatePrinterOptions, type ManagedPrinter } from './create-printer.ts';
export { systemClock, type Clock } from './clock.ts';

export {
  CHAR_TABLES,
  cyrillicSelection,
  latinSelection,
  type CharTable,
  type TableSelection,
} from './escpos/code-pages.ts';
export {
  ALIGNMENTS,
  EscPosEncoder,
  type Alignment,
  type EncoderTables,
  type QrOptions,
} from './escpos/encoder.ts';
export { decodeEscPos, type DecodedEscPos } from './escpos/decoder.ts';
export { encodeText, type EncodedRun } from './escpos/text-encoding.ts';

export { COLUMNS, layoutTicket } from './layout/ticket-layout.ts';
export {
  formatIssuedAt,
  issueDay,
  ticketContent,
  TEXT_ROLES,
  type TextRole,
  type TicketBlock,
} from './layout/ticket-content.ts';
export { TICKET_LABELS, type TicketLabels } from './layout/ticket-labels.ts';
export { wrapText } from './layout/wrap.ts';

export {
  canPrint,
  isStatusByte,
  NOT_READY_STATES,
  stateFromStatus,
  statusRequest,
  type StatusBytes,
} from './status/printer-status.ts';
export {
  DEFAULT_STATUS_TIMEOUT_MS,
  readPrinterState,
  requestStatusByte,
  type StatusReadOptions,
} from './status/status-reader.ts';

export { PrintQueue, type PrintQueueOptions, type StatusListener } from './queue/print-queue.ts';

export { TransportEvents, type PrinterTransport } from './transports/transport.ts';
export { DEFAULT_BAUD_RATE, parseConnection, type ParsedConnection } from './transports/connection.ts';
export { TcpTransport, type TcpTransportOptions } from './transports/tcp.transport.ts';
export { UsbTransport, type UsbTransportOptions } from './transports/usb.transport.ts';
export {
  SerialTransport,
  type SerialPortLike,
  type SerialTransportOptions,
} from './transports/serial.transport.ts';

export {
  FAKE_PRINTER_STATES,
  FAKE_STATUS_REPLIES,
  FakePrinter,
  type FakePrinterState,
} from './fake/fake-printer.ts';
export {
  DEFAULT_PROFILE,
  pruneVirtualArchive,
  VirtualPrinter,
  type VirtualPrinterOptions,
} from './virtual/virtual-printer.ts';
export { renderTicketPdf } from './virtual/ticket-pdf.ts';
export {
  DEVICE_PATH,
  NotADeviceError,
  openCharacterDevice,
  resolveDevicePath,
} from './transports/device-file.ts';
export { isLocalAddress, LocalAddressError, printerAddress } from './transports/network-address.ts';
