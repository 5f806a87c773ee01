import { DEVICE_PATH } from './device-file.ts';

/** A parsed printer `connection` string (see `PrinterConnection` in @numerek/shared). */
export type ParsedConnection =
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'usb'; path: string }
  | { kind: 'serial'; path: string; baudRate: number }
  | { kind: 'virtual' };

/** Used when a serial connection names no `?baud=`; set it to match the printer's DIP switches. */
export const DEFAULT_BAUD_RATE = 19200;
/** The slowest and fastest serial lines a `?baud=` may name (as the shared schema allows). */
const MIN_BAUD_RATE = 100;
const MAX_BAUD_RATE = 4_000_000;

/**
 * Parses "tcp://host:9100", "tcp://[::1]:9100", "usb:/dev/usb/lp0",
 * "serial:/dev/ttyUSB0?baud=19200" or "virtual"; throws an Error naming the problem otherwise.
 */
export function parseConnection(connection: string): ParsedConnection {
  const s = connection.trim();
  if (s === 'virtual') return { kind: 'virtual' };
  if (s.startsWith('tcp://')) {
    const m = /^tcp:\/\/(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$/.exec(s);
    const port = Number(m?.[2]);
    if (!m?.[1] || !(port >= 1 && port <= 65535)) {
      throw new Error(`printer connection "${s}": expected tcp://host:port, e.g. tcp://192.168.1.50:9100`);
    }
    return { kind: 'tcp', host: m[1].replace(/^\[|\]$/g, ''), port };
  }
  if (s.startsWith('usb:')) {
    const path = s.slice(4);
    if (!DEVICE_PATH.test(path)) throw new Error(`printer connection "${s}": expected usb:/dev/usb/lp0`);
    return { kind: 'usb', path };
  }
  if (s.startsWith('serial:')) {
    const m = /^serial:([^?]+)(?:\?baud=([0-9]{3,7}))?$/.exec(s);
    const baud = m?.[2] ? Number(m[2]) : DEFAULT_BAUD_RATE;
    if (!m?.[1] || !DEVICE_PATH.test(m[1]) || !(baud >= MIN_BAUD_RATE && baud <= MAX_BAUD_RATE))
      throw new Error(`printer connection "${s}": expected serial:/dev/ttyUSB0?baud=19200`);
    return { kind: 'serial', path: m[1], baudRate: baud };
  }
  throw new Error(`printer connection "${s}": use tcp://host:9100, usb:/dev/…, serial:/dev/… or virtual`);
}
