import { constants, type FileHandle, open, realpath, stat } from 'node:fs/promises';

/**
 * A printer's device path as configured: under `/dev`, every segment a plain name (never `.` or
 * `..`, never hidden). The same rule as the connection schema in @numerek/shared.
 */
export const DEVICE_PATH = /^\/dev(?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)+$/;

/**
 * Why a device path was refused. One message for "missing", "outside /dev" and "not a device",
 * so that the printer status cannot be used to learn which files exist on the server.
 */
export class NotADeviceError extends Error {
  override name = 'NotADeviceError';
  constructor(readonly path: string) {
    super(`${path} is not a printer device (an existing character device under /dev)`);
  }
}

/**
 * The real path of a configured device: it must exist, be a character device, and its symlinks
 * must not lead out of `/dev` (udev's `/dev/serial/by-id/…` links lead to `/dev/ttyUSB0`, which
 * is fine). Nothing is opened or created.
 */
export async function resolveDevicePath(configured: string): Promise<string> {
  if (!DEVICE_PATH.test(configured)) throw new NotADeviceError(configured);
  let real: string;
  try {
    real = await realpath(configured);
  } catch {
    throw new NotADeviceError(configured);
  }
  if (!DEVICE_PATH.test(real)) throw new NotADeviceError(configured);
  const info = await stat(real).catch(() => null);
  if (!info?.isCharacterDevice()) throw new NotADeviceError(configured);
  return real;
}

/**
 * Opens an existing character device under `/dev` for a printer, and nothing else: the path is
 * resolved first (no symlink out of `/dev`), the resolved path is opened without following a
 * link or creating anything, and the opened file must be a character device before a byte is
 * written. A regular file is therefore never changed, wherever it is.
 */
export async function openCharacterDevice(configured: string, flags: number): Promise<FileHandle> {
  const real = await resolveDevicePath(configured);
  const handle = await open(
    real,
    // O_NOFOLLOW: a link swapped in after the check is refused; O_NONBLOCK: a FIFO or a device
    // that waits for a peer cannot hold the open; never O_CREAT or O_TRUNC.
    (flags & ~(constants.O_CREAT | constants.O_TRUNC | constants.O_APPEND)) |
      constants.O_NOFOLLOW |
      constants.O_NOCTTY |
      constants.O_NONBLOCK,
  ).catch(() => {
    throw new NotADeviceError(configured);
  });
  const stat = await handle.stat().catch(() => null);
  if (!stat?.isCharacterDevice()) {
    await handle.close().catch(() => undefined);
    throw new NotADeviceError(configured);
  }
  return handle;
}
