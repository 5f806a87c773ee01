import type { PrinterState } from '@numerek/shared';

/** `DLE EOT n` (real-time status): n = 1 printer, 2 offline cause, 3 error cause, 4 paper. */
export const statusRequest = (n: 1 | 2 | 3 | 4): Uint8Array => Uint8Array.of(0x10, 0x04, n);

/**
 * `DLE DC4 8 1 3 20 1 6 2 8` (real-time, Epson TM and Citizen CT-S): throws away what waits in
 * the printer's receive and print buffers. Printers without it ignore the bytes.
 */
export const CLEAR_BUFFER: readonly number[] = [0x10, 0x14, 0x08, 0x01, 0x03, 0x14, 0x01, 0x06, 0x02, 0x08];

/** The printer's answer to CLEAR_BUFFER once its buffers are empty. */
export const CLEAR_RESPONSE: readonly number[] = [0x37, 0x25, 0x00];

/** A genuine status byte has bits 1 and 4 set and bits 0 and 7 clear. */
export function isStatusByte(byte: number): boolean {
  return (byte & 0x93) === 0x12;
}

/** The four replies to `DLE EOT 1..4`, in order. */
export type StatusBytes = readonly [number, number, number, number];

/**
 * Maps Epson's four status bytes to a PrinterState. Order matters: a printer out of paper also
 * reports itself offline (n=1), so the specific causes are checked first.
 */
export function stateFromStatus([printer, offlineCause, errorCause, paper]: StatusBytes): PrinterState {
  if (offlineCause & 0x04) return 'cover_open';
  if (offlineCause & 0x20 || paper & 0x60) return 'paper_out';
  // Cutter error, unrecoverable or auto-recoverable error: the printer cannot print now.
  if (offlineCause & 0x40 || errorCause & 0x68) return 'offline';
  if (printer & 0x08) return 'offline';
  if (paper & 0x0c) return 'paper_near_end';
  return 'ok';
}

/** States in which a job must not be sent: it would wait in the printer and print late. */
export const NOT_READY_STATES = ['paper_out', 'cover_open', 'offline', 'no_answer'] as const;

/** Whether a job may be sent to a printer in this state. */
export function canPrint(state: PrinterState): boolean {
  return state === 'ok' || state === 'paper_near_end';
}
