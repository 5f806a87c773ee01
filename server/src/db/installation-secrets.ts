import { randomBytes } from 'node:crypto';
import type { SqlDb } from './sql.ts';
import type { WriteQueue } from './write-queue.ts';

/** Bytes of a new secret (256 bits). */
const SECRET_BYTES = 32;

/**
 * A secret the whole installation shares, by name (decision 0037): drawn by whichever process
 * first asks for it and kept in `installation_secrets`, so that every node of a central
 * installation, and a restarted one, answers with the same secret. Two nodes asking at once both
 * get the one that was stored first (`ON CONFLICT DO NOTHING`, then read back).
 */
export async function installationSecret(
  db: SqlDb,
  writes: WriteQueue,
  name: string,
  now: number,
): Promise<Buffer> {
  const stored = await read(db, name);
  if (stored) return stored;
  const drawn = randomBytes(SECRET_BYTES).toString('base64url');
  await writes.write(() =>
    db.run(
      'INSERT INTO installation_secrets (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING',
      [name, drawn, now],
    ),
  );
  const kept = await read(db, name);
  if (!kept) throw new Error(`The installation's secret "${name}" was written but cannot be read back.`);
  return kept;
}

async function read(db: SqlDb, name: string): Promise<Buffer | null> {
  const value = await db.value<string>('SELECT value FROM installation_secrets WHERE name = ?', [name]);
  return value ? Buffer.from(value, 'base64url') : null;
}
