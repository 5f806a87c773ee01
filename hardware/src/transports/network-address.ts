import { lookup } from 'node:dns/promises';
import net from 'node:net';

/**
 * Addresses of the server itself or of its own link: a printer connection pointing there would
 * let whoever configures printers make the server talk to its own services (the database, an
 * admin port) or to cloud metadata endpoints (169.254.169.254).
 */
export function isLocalAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped?.[1] ?? address;
  if (net.isIPv4(ip)) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    return a === 127 || a === 0 || (a === 169 && b === 254);
  }
  if (net.isIPv6(ip)) {
    const lower = ip.toLowerCase();
    if (lower === '::1' || lower === '::') return true;
    // fe80::/10: link-local.
    return /^fe[89ab][0-9a-f]?:/.test(lower);
  }
  return false;
}

/** Why a network printer's address was refused. */
export class LocalAddressError extends Error {
  override name = 'LocalAddressError';
  constructor(readonly host: string) {
    super(
      `${host} is this server or its own link (loopback or link-local); printers there are allowed only when the administrator sets PRINTER_ALLOW_LOCAL=true`,
    );
  }
}

/**
 * The address to connect to for a printer's host name, looked up once, so that the address
 * checked is the address used (a name that changes its answer between the check and the
 * connection cannot slip past). Refuses loopback and link-local addresses unless allowed.
 */
export async function printerAddress(host: string, allowLocal: boolean): Promise<string> {
  const address = net.isIP(host) ? host : (await lookup(host, { verbatim: true })).address;
  if (!allowLocal && isLocalAddress(address)) throw new LocalAddressError(host);
  return address;
}
