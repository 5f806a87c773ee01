import type {
  Me,
  MePatch,
  OfficeAdminCreate,
  PasswordChange,
  Role,
  User,
  UserCreate,
  UserPatch,
} from '@numerek/shared';
import { AppError, notFound } from '../../lib/app-error.ts';
import { hashToken, newId } from '../../lib/ids.ts';
import { assertStrongPassword } from '../../lib/password-policy.ts';
import type { PasswordHasher } from '../../lib/passwords.ts';
import type { AccountActor, CentralActor, UserActor } from '../../actor.ts';
import type { ServiceContext } from '../../service-context.ts';
import { officeLock } from '../../db/write-queue.ts';
import type { SessionRepository } from '../auth/session.repository.ts';
import type { CounterSessionService } from '../counters/counter-session.service.ts';
import type { OfficeRepository } from '../offices/office.repository.ts';
import { publicUser, toMe, type UserRecord, type UserRepository } from './user.repository.ts';

/**
 * Staff accounts. A supervisor manages clerks; only an admin manages supervisors and admins,
 * and the last active admin cannot be demoted, deactivated or deleted. A password set by
 * someone else (a new account, a reset) is known to that person too, so its user must choose
 * their own before doing anything else.
 *
 * Deactivating an account ends its sessions and closes the counter it has open, in the same write
 * (CounterSessionService.closeForDeactivated: nobody waiting at it is lost); a new password or
 * role ends the sessions only, and the counter waits for its clerk to sign in again.
 *
 * Everyone manages only their own office's staff. A central administrator belongs to no office:
 * no office's list shows them and no office's administrator can change them; they make offices'
 * administrators (`createOfficeAdmin`), and are made themselves from the command line or the seed.
 */
export class UserService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly passwords: PasswordHasher,
    private readonly offices: OfficeRepository,
    private readonly counters: Pick<CounterSessionService, 'closeForDeactivated'>,
  ) {}

  async list(officeId: string): Promise<User[]> {
    return (await this.users.list(officeId)).map(publicUser);
  }

  /** The signed-in user as they see themselves. */
  async meOf(user: UserRecord): Promise<Me> {
    return toMe(user, user.central ? null : await this.offices.find(user.officeId));
  }

  async create(actor: UserActor, input: UserCreate): Promise<User> {
    this.assertMayManage(actor, input.role);
    assertStrongPassword(input.password, input.username, 'password');
    const passwordHash = await this.passwords.hash(input.password);
    const user = await this.ctx.writes.write(async () => {
      await this.assertUsernameFree(input.username);
      const u: UserRecord = {
        id: newId(),
        officeId: actor.officeId,
        username: input.username,
        displayName: input.displayName ?? input.username,
        role: input.role,
        active: true,
        createdAt: new Date(this.ctx.clock.now()).toISOString(),
        passwordHash,
        passwordChangeRequired: true,
        language: 'pl',
        central: false,
      };
      await this.users.save(u, this.ctx.clock.now());
      await this.ctx.audit(actor, 'create', 'user', u.id, { username: u.username, role: u.role });
      return u;
    });
    return publicUser(user);
  }

  /** An office's administrators, for the central administrator. */
  async listOfficeAdmins(officeId: string): Promise<User[]> {
    if (!(await this.offices.find(officeId))) throw notFound(`Office ${officeId}`);
    return (await this.users.listAdmins(officeId)).map(publicUser);
  }

  /**
   * A central administrator makes an administrator of an office (its first, or another). The
   * password is theirs to hand over; its user chooses their own at first sign-in. Recorded in that
   * office's audit log.
   */
  async createOfficeAdmin(actor: CentralActor, officeId: string, input: OfficeAdminCreate): Promise<User> {
    assertStrongPassword(input.password, input.username, 'password');
    const passwordHash = await this.passwords.hash(input.password);
    const user = await this.ctx.writes.write(async () => {
      if (!(await this.offices.find(officeId))) throw notFound(`Office ${officeId}`);
      await this.assertUsernameFree(input.username);
      const u: UserRecord = {
        id: newId(),
        officeId,
        username: input.username,
        displayName: input.displayName ?? input.username,
        role: 'admin',
        active: true,
        createdAt: new Date(this.ctx.clock.now()).toISOString(),
        passwordHash,
        passwordChangeRequired: true,
        language: 'pl',
        central: false,
      };
      await this.users.save(u, this.ctx.clock.now());
      await this.ctx.audit({ ...actor, officeId }, 'create', 'user', u.id, {
        username: u.username,
        role: u.role,
      });
      this.ctx.events.add('config.changed', { officeId, entity: 'user', id: u.id });
      return u;
    });
    return publicUser(user);
  }

  /**
   * A central administrator, made from the command line or by the seed. The row is kept with the
   * first office (the column cannot be empty), which gives it nothing there.
   */
  async createCentral(input: {
    username: string;
    password: string;
    displayName?: string;
    /** False only when the password was chosen by the person who will use it. */
    passwordChangeRequired: boolean;
  }): Promise<User> {
    const passwordHash = await this.passwords.hash(input.password);
    const user = await this.ctx.writes.write(async () => {
      const home = await this.offices.defaultOffice();
      if (!home) throw notFound('An office');
      await this.assertUsernameFree(input.username);
      const u: UserRecord = {
        id: newId(),
        officeId: home.id,
        username: input.username,
        displayName: input.displayName ?? input.username,
        role: 'admin',
        active: true,
        createdAt: new Date(this.ctx.clock.now()).toISOString(),
        passwordHash,
        passwordChangeRequired: input.passwordChangeRequired,
        language: 'pl',
        central: true,
      };
      await this.users.save(u, this.ctx.clock.now());
      return u;
    });
    return publicUser(user);
  }

  async update(actor: UserActor, id: string, patch: UserPatch): Promise<User> {
    if (patch.password) {
      // Checked before the hash is made; the write below reads the account again.
      const target = await this.find(actor, id);
      this.assertMayManage(actor, target.role);
      assertStrongPassword(patch.password, target.username, 'password');
    }
    const passwordHash = patch.password ? await this.passwords.hash(patch.password) : undefined;
    // Under the office's lock: a deactivation closes the user's counter, as a counter's moves do.
    const user = await this.ctx.writes.write(
      async () => {
        const current = await this.find(actor, id);
        this.assertMayManage(actor, current.role);
        if (patch.role) this.assertMayManage(actor, patch.role);
        const next: UserRecord = {
          ...current,
          displayName: patch.displayName ?? current.displayName,
          role: patch.role ?? current.role,
          active: patch.active ?? current.active,
          passwordHash: passwordHash ?? current.passwordHash,
          // A password reset for someone else must be replaced by its user; one's own is one's own.
          passwordChangeRequired: passwordHash ? id !== actor.id : current.passwordChangeRequired,
        };
        if (current.role === 'admin' && current.active && (next.role !== 'admin' || !next.active))
          await this.assertNotLastAdmin(actor.officeId);
        await this.users.save(next, this.ctx.clock.now());
        // A new password, a new role or a deactivation signs the user out everywhere. Told first, so
        // that their panel hears why before it hears of their counter.
        if (passwordHash || !next.active || next.role !== current.role) {
          await this.sessions.deleteForUser(id);
          this.ctx.events.add('session.ended', { officeId: current.officeId, userId: id });
        }
        if (current.active && !next.active) await this.counters.closeForDeactivated(actor, id);
        await this.ctx.audit(actor, 'update', 'user', id, {
          fields: Object.keys(patch).filter((k) => k !== 'password'),
          passwordReset: Boolean(passwordHash),
        });
        this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'user', id });
        return next;
      },
      { lock: officeLock(actor.officeId) },
    );
    return publicUser(user);
  }

  /**
   * A signed-in user chooses a new password, giving the current one. Their other sessions end;
   * the one that changed it stays signed in.
   */
  async changeOwnPassword(
    actor: AccountActor,
    input: PasswordChange,
    sessionToken: string | undefined,
  ): Promise<Me> {
    const current = await this.findOwn(actor);
    if (!(await this.passwords.verify(input.currentPassword, current.passwordHash))) {
      throw new AppError(
        'WRONG_PASSWORD',
        'The current password is wrong; type the password you signed in with.',
      );
    }
    if (input.newPassword.normalize('NFKC') === input.currentPassword.normalize('NFKC')) {
      throw new AppError('PASSWORD_UNCHANGED', 'The new password must differ from the current one.');
    }
    assertStrongPassword(input.newPassword, current.username, 'newPassword');
    const passwordHash = await this.passwords.hash(input.newPassword);
    const user = await this.ctx.writes.write(async () => {
      const latest = await this.findOwn(actor);
      const next: UserRecord = { ...latest, passwordHash, passwordChangeRequired: false };
      await this.users.save(next, this.ctx.clock.now());
      await this.sessions.deleteForUser(actor.id, sessionToken ? hashToken(sessionToken) : undefined);
      // A central administrator's own account is no office's business: no office's log records it,
      // and no office's console hears of it; every node still drops the sessions that ended.
      if (actor.kind === 'user') {
        await this.ctx.audit(actor, 'update', 'user', actor.id, { ownPasswordChanged: true });
        this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'user', id: actor.id });
      } else {
        this.ctx.events.add('session.ended', { officeId: latest.officeId, userId: actor.id });
      }
      return next;
    });
    return this.meOf(user);
  }

  /** A signed-in user changes what is theirs to choose: the language of the panel and the console. */
  async updateOwn(actor: AccountActor, patch: MePatch): Promise<Me> {
    const user = await this.ctx.writes.write(async () => {
      const next: UserRecord = { ...(await this.findOwn(actor)), language: patch.language };
      await this.users.save(next, this.ctx.clock.now());
      return next;
    });
    return this.meOf(user);
  }

  async remove(actor: UserActor, id: string): Promise<void> {
    await this.ctx.writes.write(async () => {
      const current = await this.find(actor, id);
      this.assertMayManage(actor, current.role);
      if (current.id === actor.id)
        throw new AppError('IN_USE', 'You cannot delete your own account.', { reason: 'own_account' });
      if (current.role === 'admin' && current.active) await this.assertNotLastAdmin(actor.officeId);
      if (await this.users.isReferenced(id)) {
        throw new AppError(
          'IN_USE',
          `User "${current.username}" has served clients and stays in the records; deactivate the account instead (PATCH with "active": false).`,
          { reason: 'has_history' },
        );
      }
      await this.sessions.deleteForUser(id);
      await this.users.delete(id);
      await this.ctx.audit(actor, 'delete', 'user', id, { username: current.username });
      this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'user', id });
    });
  }

  /** A user of the actor's office; a central administrator is nobody's staff, so never found here. */
  private async find(actor: UserActor, id: string): Promise<UserRecord> {
    const u = await this.users.find(id);
    if (!u || u.central || u.officeId !== actor.officeId) throw notFound(`User ${id}`);
    return u;
  }

  private async findOwn(actor: AccountActor): Promise<UserRecord> {
    const u = await this.users.find(actor.id);
    if (!u || u.central !== (actor.kind === 'central')) throw notFound(`User ${actor.id}`);
    return u;
  }

  /** A sign-in name is unique in the whole installation, across offices. */
  private async assertUsernameFree(username: string): Promise<void> {
    if (await this.users.findByUsername(username)) {
      throw new AppError('ALREADY_EXISTS', `User name "${username}" is taken; choose another.`, {
        reason: 'username',
        field: 'username',
      });
    }
  }

  private assertMayManage(actor: UserActor, role: Role): void {
    if (actor.role !== 'admin' && role !== 'clerk') {
      throw new AppError(
        'FORBIDDEN',
        'Only an administrator can manage supervisor and administrator accounts.',
        { reason: 'admin_only' },
      );
    }
  }

  private async assertNotLastAdmin(officeId: string): Promise<void> {
    if ((await this.users.countActiveAdmins(officeId)) <= 1) {
      throw new AppError(
        'IN_USE',
        'This is the last active administrator; create another administrator first.',
        { reason: 'last_admin' },
      );
    }
  }
}
