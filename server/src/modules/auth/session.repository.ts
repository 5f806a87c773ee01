import { CacheGuard } from '../../db/cache-guard.ts';
import { Repository, type CacheScope } from '../../db/repository.ts';

/**
 * Login sessions, keyed by the hash of the cookie's token. Every staff request asks for its
 * session, so found sessions are kept in memory; every delete goes through here and drops them,
 * so signing out or resetting a password takes effect at once.
 */
export class SessionRepository extends Repository {
  private readonly cache = new Map<string, { userId: string; expiresAt: number }>();
  private readonly guard = new CacheGuard();

  /** Drops the sessions kept in memory (after a rolled-back write, or another node's change). */
  forgetCached(scope?: CacheScope): void {
    // Another node's queue changed, not its sessions.
    if (scope?.queueOnly) return;
    this.guard.touch();
    this.cache.clear();
  }

  async insert(tokenHash: string, userId: string, now: number, expiresAt: number): Promise<void> {
    await this.db.run(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
      [tokenHash, userId, now, expiresAt],
    );
  }

  async find(tokenHash: string): Promise<{ userId: string; expiresAt: number } | null> {
    const cached = this.cache.get(tokenHash);
    if (cached) return cached;
    const token = this.guard.begin();
    const r = await this.db.get<{ user_id: string; expires_at: number }>(
      'SELECT user_id, expires_at FROM sessions WHERE token_hash = ?',
      [tokenHash],
    );
    if (!r) return null;
    const session = { userId: r.user_id, expiresAt: r.expires_at };
    if (this.guard.mayKeep(token)) this.cache.set(tokenHash, session);
    return session;
  }

  async delete(tokenHash: string): Promise<void> {
    this.guard.touch();
    this.cache.delete(tokenHash);
    await this.db.run('DELETE FROM sessions WHERE token_hash = ?', [tokenHash]);
  }

  /** Ends every session of a user, but for the one whose hash is `except`. */
  async deleteForUser(userId: string, except?: string): Promise<void> {
    this.forgetCached();
    await this.db.run('DELETE FROM sessions WHERE user_id = ? AND token_hash IS DISTINCT FROM ?', [
      userId,
      except ?? null,
    ]);
  }

  async deleteExpired(now: number): Promise<void> {
    this.forgetCached();
    await this.db.run('DELETE FROM sessions WHERE expires_at <= ?', [now]);
  }
}
