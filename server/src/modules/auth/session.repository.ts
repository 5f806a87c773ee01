import type { Db } from '../../db/database.ts';
import { Repository } from '../../db/repository.ts';

/**
 * Login sessions, keyed by the hash of the cookie's token. Every staff request asks for its
 * session, so found sessions are kept in memory; every delete goes through here and drops them,
 * so signing out or resetting a password takes effect at once.
 */
export class SessionRepository extends Repository {
  private readonly cache = new Map<string, { userId: string; expiresAt: number }>();
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

  /** Drops the sessions kept in memory (after a rolled-back write). */
  forgetCached(): void {
    this.cache.clear();
  }

  insert(tokenHash: string, userId: string, now: number, expiresAt: number): void {
    this.insertStmt.run(tokenHash, userId, now, expiresAt);
  }

  find(tokenHash: string): { userId: string; expiresAt: number } | null {
    const cached = this.cache.get(tokenHash);
    if (cached) return cached;
    const r = this.findStmt.get(tokenHash);
    if (!r) return null;
    const session = { userId: r.user_id, expiresAt: r.expires_at };
    this.cache.set(tokenHash, session);
    return session;
  }

  delete(tokenHash: string): void {
    this.cache.delete(tokenHash);
    this.deleteStmt.run(tokenHash);
  }

  /** Ends every session of a user, but for the one whose hash is `except`. */
  deleteForUser(userId: string, except?: string): void {
    this.cache.clear();
    this.sql('DELETE FROM sessions WHERE user_id = ? AND token_hash IS NOT ?').run(userId, except ?? null);
  }

  deleteExpired(now: number): void {
    this.cache.clear();
    this.sql('DELETE FROM sessions WHERE expires_at <= ?').run(now);
  }
}
