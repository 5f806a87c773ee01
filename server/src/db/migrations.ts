import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/**
 * One numbered, forward-only migration. Each engine has its own folder
 * (`sqlite/migrations/`, `postgres/migrations/`); a change to the schema adds the same number to
 * both (`tests/storage/` checks that they stay in step).
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function loadMigrations(dir: string | URL): Migration[] {
  const folder = dir instanceof URL ? fileURLToPath(dir) : dir;
  return readdirSync(folder)
    .filter((f) => /^\d{4}-[a-z0-9-]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 4)),
      name: f,
      sql: readFileSync(path.join(folder, f), 'utf8'),
    }));
}
