import { chmodSync, existsSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * What holds a client's or a user's data (the database with bookings' contacts and password
 * hashes, printed tickets whose names open their phone page, backups) is readable by the user the
 * server runs as only, as the first start's secrets file is: an office computer often has other
 * accounts on it.
 */
export function keepDataPrivate(dataDir: string): string[] {
  // Every file and folder this process creates from now on: 0600 and 0700.
  process.umask(0o077);
  // Those an earlier version left readable by others. DATA_DIR itself is the operator's choice
  // (it may be a folder shared with other things), so only Numerek's own entries in it change.
  const tightened: string[] = [];
  const own = ['numerek.sqlite', 'numerek.sqlite-wal', 'numerek.sqlite-shm', 'printed', 'backups'];
  for (const name of own) {
    const file = path.join(dataDir, name);
    if (!existsSync(file)) continue;
    const { mode, uid } = statSync(file);
    if ((mode & 0o077) === 0 || (process.getuid && uid !== process.getuid())) continue;
    chmodSync(file, mode & 0o700);
    tightened.push(file);
  }
  return tightened;
}
