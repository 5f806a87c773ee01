import { Repository } from '../../db/repository.ts';

export interface IdempotencyRow {
  scope: string;
  key: string;
  route: string;
  body_hash: string;
  status: number;
  response: string;
  created_at: number;
}

/** The stored answers of actions sent with an `Idempotency-Key`. */
export class IdempotencyRepository extends Repository {
  async find(scope: string, key: string): Promise<IdempotencyRow | null> {
    return (
      (await this.db.get<IdempotencyRow>('SELECT * FROM idempotency_keys WHERE scope = ? AND key = ?', [
        scope,
        key,
      ])) ?? null
    );
  }

  /**
   * Stores a key's answer; false when the key is already stored. On PostgreSQL a row another
   * process is inserting right now is waited for (the unique index), so a retry racing its first
   * attempt on another node learns here that the first attempt committed.
   */
  async insert(row: IdempotencyRow): Promise<boolean> {
    const r = await this.db.run(
      `INSERT INTO idempotency_keys (scope, key, route, body_hash, status, response, created_at)
       VALUES (@scope, @key, @route, @body_hash, @status, @response, @created_at)
       ON CONFLICT (scope, key) DO NOTHING`,
      { ...row },
    );
    return r.changes === 1;
  }

  /**
   * Stores a key's answer inside the action's write. On PostgreSQL the insert is sent without
   * waiting for its answer (`runLater`): a key already stored (by another node's attempt) fails
   * the write with an error {@link keyTaken} recognises, so the action rolls back whole, as it does
   * when `insert` answers false. On SQLite it is `insert`.
   */
  async claim(row: IdempotencyRow): Promise<boolean> {
    if (this.db.engine !== 'postgres') return this.insert(row);
    await this.db.runLater(
      `INSERT INTO idempotency_keys (scope, key, route, body_hash, status, response, created_at)
       VALUES (@scope, @key, @route, @body_hash, @status, @response, @created_at)`,
      { ...row },
    );
    return true;
  }

  async updateResponse(scope: string, key: string, response: string): Promise<void> {
    await this.db.run('UPDATE idempotency_keys SET response = ? WHERE scope = ? AND key = ?', [
      response,
      scope,
      key,
    ]);
  }

  /** Deletes one key if it was stored before `cutoff` (an expired key used again). */
  async deleteIfOlder(scope: string, key: string, cutoff: number): Promise<void> {
    await this.db.run('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND created_at < ?', [
      scope,
      key,
      cutoff,
    ]);
  }

  /** Deletes keys stored before `cutoff`; an index range, so usually a single empty seek. */
  async deleteOlderThan(cutoff: number): Promise<number> {
    return (await this.db.run('DELETE FROM idempotency_keys WHERE created_at < ?', [cutoff])).changes;
  }
}

/** Whether a write failed at a key's insert made by {@link IdempotencyRepository.claim}: the key was stored. */
export function keyTaken(error: unknown): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null;
  return e?.code === '23505' && e.constraint === 'idempotency_keys_pkey';
}
