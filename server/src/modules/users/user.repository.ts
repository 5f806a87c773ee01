import type { Language, Me, Role, User } from '@numerek/shared';
import { CacheGuard } from '../../db/cache-guard.ts';
import { Repository, type CacheScope } from '../../db/repository.ts';

interface Row {
  id: string;
  office_id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  active: number;
  created_at: number;
  password_change_required: number;
  language: Language;
  central: number;
}
export interface UserRecord extends User {
  passwordHash: string;
  /** The password was generated or set by someone else; its user must choose a new one first. */
  passwordChangeRequired: boolean;
  /** The language the user chose for the panel and the console. */
  language: Language;
  /**
   * A central administrator: belongs to no office's work, whatever `officeId` and `role` say
   * (they only fill the columns; see migration 0012).
   */
  central: boolean;
}
const toUser = (r: Row): UserRecord => ({
  id: r.id,
  officeId: r.office_id,
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  active: r.active === 1,
  createdAt: new Date(r.created_at).toISOString(),
  passwordHash: r.password_hash,
  passwordChangeRequired: r.password_change_required === 1,
  language: r.language,
  central: r.central === 1,
});

/** Strips the password hash before a user leaves the server. */
export const publicUser = ({
  passwordHash: _hash,
  passwordChangeRequired: _required,
  language: _language,
  central: _central,
  ...u
}: UserRecord): User => u;

/**
 * The signed-in user as they see themselves, with the name and time zone of their office (none for
 * a central administrator).
 */
export const toMe = (u: UserRecord, office: { name: string; timeZone: string } | null): Me => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.central ? 'central' : u.role,
  officeId: u.central ? null : u.officeId,
  officeName: u.central ? null : (office?.name ?? null),
  officeTimeZone: u.central ? null : (office?.timeZone ?? null),
  passwordChangeRequired: u.passwordChangeRequired,
  language: u.language,
});

export class UserRepository extends Repository {
  private readonly cache = new Map<string, UserRecord>();
  private readonly guard = new CacheGuard();

  /** Drops the users kept in memory (after a rolled-back write, or another node's change). */
  forgetCached(scope?: CacheScope): void {
    // Another node's queue changed, not its users.
    if (scope?.queueOnly) return;
    this.guard.touch();
    this.cache.clear();
  }

  /** A user by id; kept in memory once read (asked on every staff request), dropped on any change. */
  async find(id: string): Promise<UserRecord | null> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const token = this.guard.begin();
    const r = await this.db.get<Row>('SELECT * FROM users WHERE id = ?', [id]);
    const user = r ? toUser(r) : null;
    if (user && this.guard.mayKeep(token)) this.cache.set(id, user);
    return user;
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const r = await this.db.get<Row>('SELECT * FROM users WHERE username = ?', [username]);
    return r ? toUser(r) : null;
  }

  /** The office's staff (a central administrator is nobody's staff, wherever the row was made). */
  async list(officeId: string): Promise<UserRecord[]> {
    return (
      await this.db.all<Row>('SELECT * FROM users WHERE office_id = ? AND central = 0 ORDER BY username', [
        officeId,
      ])
    ).map(toUser);
  }

  /** The office's administrators. */
  async listAdmins(officeId: string): Promise<UserRecord[]> {
    return (
      await this.db.all<Row>(
        "SELECT * FROM users WHERE office_id = ? AND role = 'admin' AND central = 0 ORDER BY username",
        [officeId],
      )
    ).map(toUser);
  }

  async countActiveAdmins(officeId: string): Promise<number> {
    return (
      (await this.db.value<number>(
        "SELECT count(*) FROM users WHERE office_id = ? AND role = 'admin' AND active = 1 AND central = 0",
        [officeId],
      )) ?? 0
    );
  }

  async save(u: UserRecord, now: number): Promise<void> {
    this.forgetCached();
    await this.db.run(
      `INSERT INTO users (id, office_id, username, display_name, role, password_hash, active, created_at, updated_at,
           password_change_required, language, central)
         VALUES (@id, @officeId, @username, @displayName, @role, @passwordHash, @active, @now, @now,
           @passwordChangeRequired, @language, @central)
         ON CONFLICT (id) DO UPDATE SET display_name = @displayName, role = @role, password_hash = @passwordHash,
           active = @active, updated_at = @now, password_change_required = @passwordChangeRequired,
           language = @language`,
      {
        id: u.id,
        officeId: u.officeId,
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        passwordHash: u.passwordHash,
        active: u.active ? 1 : 0,
        passwordChangeRequired: u.passwordChangeRequired ? 1 : 0,
        language: u.language,
        central: u.central ? 1 : 0,
        now,
      },
    );
  }

  async isReferenced(id: string): Promise<boolean> {
    const used = await this.db.value(
      `SELECT EXISTS (SELECT 1 FROM tickets WHERE clerk_user_id = @id OR issued_by_user_id = @id)
             OR EXISTS (SELECT 1 FROM counter_sessions WHERE user_id = @id)`,
      { id },
    );
    return Boolean(used);
  }

  async delete(id: string): Promise<void> {
    this.forgetCached();
    await this.db.run('DELETE FROM users WHERE id = ?', [id]);
  }
}
