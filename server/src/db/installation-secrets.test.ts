import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWriteQueue, openDatabase } from './database.ts';
import { installationSecret } from './installation-secrets.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'numerek-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('installation secrets', () => {
  it('are drawn once and read back the same by every process on the data, also after a restart', async () => {
    const file = path.join(dir, 'numerek.db');
    const first = openDatabase(file);
    const second = openDatabase(file);
    const [a, b] = await Promise.all([
      installationSecret(first, createWriteQueue(first), 'call-keys', 1),
      installationSecret(second, createWriteQueue(second), 'call-keys', 2),
    ]);
    expect(a.byteLength).toBe(32);
    expect(b.equals(a)).toBe(true);
    const other = await installationSecret(first, createWriteQueue(first), 'another', 3);
    expect(other.equals(a)).toBe(false);
    await Promise.all([first.close(), second.close()]);
    const again = openDatabase(file);
    expect((await installationSecret(again, createWriteQueue(again), 'call-keys', 4)).equals(a)).toBe(true);
    await again.close();
  });
});
