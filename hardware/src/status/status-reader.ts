import type { PrinterState } from '@numerek/shared';
import { systemClock, type Clock } from '../clock.ts';
import type { PrinterTransport } from '../transports/transport.ts';
import { isStatusByte, stateFromStatus, statusRequest } from './printer-status.ts';

/** Options of one status read. */
export interface StatusReadOptions {
  /** How long to wait for each reply byte (≈ 2 s for real printers). */
  timeoutMs?: number;
  clock?: Clock;
}

export const DEFAULT_STATUS_TIMEOUT_MS = 2000;

/**
 * Sends `DLE EOT n` and resolves with the first genuine status byte, or null on timeout or when
 * the connection closes. Bytes that fail the status check, or arrive while nothing is asked,
 * are ignored.
 */
export function requestStatusByte(
  transport: PrinterTransport,
  n: 1 | 2 | 3 | 4,
  { timeoutMs = DEFAULT_STATUS_TIMEOUT_MS, clock = systemClock }: StatusReadOptions = {},
): Promise<number | null> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (value: number | null): void => {
      if (done) return;
      done = true;
      offData();
      offClose();
      cancel();
      resolve(value);
    };
    const offData = transport.onData((chunk) => {
      for (const byte of chunk) {
        if (isStatusByte(byte)) return finish(byte);
      }
    });
    const offClose = transport.onClose(() => finish(null));
    const cancel = clock.setTimer(timeoutMs, () => finish(null));
    transport.write(statusRequest(n)).catch(() => finish(null));
  });
}

/**
 * Reads the printer's state with `DLE EOT 1..4`, one request at a time. No reply to any of them
 * (or a transport that cannot read) is 'no_answer'.
 */
export async function readPrinterState(
  transport: PrinterTransport,
  options: StatusReadOptions = {},
): Promise<PrinterState> {
  if (!transport.canRead || !transport.isOpen) return 'no_answer';
  const bytes: number[] = [];
  for (const n of [1, 2, 3, 4] as const) {
    const byte = await requestStatusByte(transport, n, options);
    if (byte === null) return 'no_answer';
    bytes.push(byte);
  }
  const [a = 0, b = 0, c = 0, d = 0] = bytes;
  return stateFromStatus([a, b, c, d]);
}
