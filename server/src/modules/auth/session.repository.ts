import type { Db } from '../../db/database.ts';
import { Repository } from '../../db/repository.ts';

/** Login sessions, keyed by the hash of the cookie's token. */
export class SessionRepository extends Repository {
  private readonly insertStmt;
  private readonly findStmt;
  private readonly deleteStmt;
  constructor(db: Db) {
    super(db);
    this.insertStmt = db.prepare(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    );
    this.findStmt = db.prepare<[string], { user_id: string; expires_at: number }>(
      'SELECT user_id, expires_at FROM sessions WHERE token_hash = ?',
    );
    this.deleteStmt = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
  }

  insert(tokenHash: string, userId: string, now: number, expiresAt: number): void {
    this.insertStmt.run(tokenHash, userId, now, expiresAt);
  }

  find(tokenHash: string): { userId: string; expiresAt: number } | null {
    const r = this.findStmt.get(tokenHash);
    return r ? { userId: r.user_id, expiresAt: r.expires_at } : null;
  }

  delete(tokenHash: string): void {
    this.deleteStmt.run(tokenHash);
  }

  deleteForUser(userId: string): void {
    this.sql('DELETE FROM sessions WHERE user_id = ?').run(userId);
  }

  deleteExpired(now: number): void {
    this.sql('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  }
}
