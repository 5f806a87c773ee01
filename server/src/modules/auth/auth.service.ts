import type { Me } from '@numerek/shared';
import { AppError } from '../../lib/app-error.ts';
import { hashToken, newToken } from '../../lib/ids.ts';
import { hashPassword, type PasswordHasher } from '../../lib/passwords.ts';
import type { Actor } from '../../actor.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { DeviceRepository } from '../devices/device.repository.ts';
import type { UserRecord, UserRepository } from '../users/user.repository.ts';
import type { SessionRepository } from './session.repository.ts';

/** A clerk's working day, with margin; after that the panel asks to sign in again. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** A user name as typed at sign-in, as it is stored: without surrounding spaces, in lower case. */
export function normalizeUsername(typed: string): string {
  return typed.trim().toLowerCase();
}

/** Signs staff in and out, and tells who a request comes from. */
export class AuthService {
  // Compared against when the user name is unknown, so a wrong name costs as long as a wrong password.
  private readonly decoyHash: Promise<string>;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly devices: DeviceRepository,
    private readonly passwords: PasswordHasher,
    passwordCost: { N: number },
    /** The signed-in user as they see themselves (with their office's name). */
    private readonly meOf: (user: UserRecord) => Promise<Me>,
  ) {
    // Made once at start, outside the gate, so that it is never refused.
    this.decoyHash = hashPassword('decoy password', passwordCost);
  }

  async login(username: string, password: string): Promise<{ token: string; me: Me; expiresAt: number }> {
    const user = await this.users.findByUsername(normalizeUsername(username));
    const ok = await this.passwords.verify(password, user?.passwordHash ?? (await this.decoyHash));
    if (!user || !ok) throw new AppError('INVALID_CREDENTIALS', 'Wrong user name or password.');
    // Said only to whoever knows the password: its user, who would otherwise try it again and again.
    if (!user.active)
      throw new AppError(
        'INVALID_CREDENTIALS',
        'This account was deactivated by the office; ask a supervisor or an administrator.',
        { reason: 'account_deactivated' },
      );
    const token = newToken();
    const now = this.ctx.clock.now();
    const expiresAt = now + SESSION_TTL_MS;
    await this.ctx.writes.write(async () => {
      await this.sessions.deleteExpired(now);
      await this.sessions.insert(hashToken(token), user.id, now, expiresAt);
    });
    return { token, expiresAt, me: await this.meOf(user) };
  }

  async logout(token: string | undefined): Promise<void> {
    if (!token) return;
    const hash = hashToken(token);
    const session = await this.sessions.find(hash);
    const user = session ? await this.users.find(session.userId) : null;
    // Every node drops the session; a central administrator's fact names the office its account
    // was made in, whose screens are checked again (none of them is the central administrator's).
    await this.ctx.writes.write(async () => {
      await this.sessions.delete(hash);
      if (user) this.ctx.events.add('session.ended', { officeId: user.officeId, userId: user.id });
    });
  }

  /** Resolves the session cookie, then a device's bearer token. Invalid credentials leave a reason. */
  async resolve(sessionToken: string | undefined, bearer: string | undefined): Promise<Actor> {
    if (sessionToken) {
      const session = await this.sessions.find(hashToken(sessionToken));
      if (session && session.expiresAt > this.ctx.clock.now()) {
        const user = await this.users.find(session.userId);
        if (user?.active && user.central) {
          return {
            kind: 'central',
            id: user.id,
            displayName: user.displayName,
            username: user.username,
            ...(user.passwordChangeRequired ? { passwordChangeRequired: true as const } : {}),
          };
        }
        if (user?.active) {
          return {
            kind: 'user',
            id: user.id,
            officeId: user.officeId,
            role: user.role,
            displayName: user.displayName,
            username: user.username,
            ...(user.passwordChangeRequired ? { passwordChangeRequired: true as const } : {}),
          };
        }
      }
      if (!bearer)
        return {
          kind: 'anonymous',
          problem: { message: 'Your session has expired; sign in again.', reason: 'session_expired' },
        };
    }
    if (bearer) {
      const device = await this.devices.findByTokenHash(hashToken(bearer));
      if (!device)
        return {
          kind: 'anonymous',
          problem: {
            message: 'The device token is not valid; pair the device again.',
            reason: 'device_unknown',
          },
        };
      if (device.revoked)
        return {
          kind: 'anonymous',
          problem: {
            message: 'This device was revoked; pair it again from the console.',
            reason: 'device_revoked',
          },
        };
      return {
        kind: 'device',
        id: device.id,
        officeId: device.officeId,
        deviceKind: device.kind,
        name: device.name,
      };
    }
    return { kind: 'anonymous' };
  }

  /** Whether a user's account exists and is deactivated (why their sessions ended). */
  async isDeactivated(userId: string): Promise<boolean> {
    const user = await this.users.find(userId);
    return user !== null && !user.active;
  }

  async me(actor: Actor): Promise<Me> {
    if (actor.kind !== 'user' && actor.kind !== 'central')
      throw new AppError('UNAUTHENTICATED', 'Sign in first.');
    const user = await this.users.find(actor.id);
    if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
    return this.meOf(user);
  }
}
