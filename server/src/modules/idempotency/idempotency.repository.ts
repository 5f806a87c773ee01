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
  find(scope: string, key: string): IdempotencyRow | null {
    return (
      this.sql<[string, string], IdempotencyRow>(
        'SELECT * FROM idempotency_keys WHERE scope = ? AND key = ?',
      ).get(scope, key) ?? null
    );
  }

  /** Fails on a live row with the same scope and key, which rolls the whole action back. */
  insert(row: IdempotencyRow): void {
    this.sql<IdempotencyRow>(
      `INSERT INTO idempotency_keys (scope, key, route, body_hash, status, response, created_at)
       VALUES (@scope, @key, @route, @body_hash, @status, @response, @created_at)`,
    ).run(row);
  }

  updateResponse(scope: string, key: string, response: string): void {
    this.sql<[string, string, string]>(
      'UPDATE idempotency_keys SET response = ? WHERE scope = ? AND key = ?',
    ).run(response, scope, key);
  }

  /** Deletes keys stored before `cutoff`; an index range, so usually a single empty seek. */
  deleteOlderThan(cutoff: number): number {
    return this.sql<[number]>('DELETE FROM idempotency_keys WHERE created_at < ?').run(cutoff).changes;
  }
}
