import { LoginBody, Me, MePatch, OkResponse, PasswordChange, SESSION_COOKIE } from '@numerek/shared';
import type { Config } from '../../config/config.ts';
import { SIGNED_IN } from '../../http/actor.ts';
import { AppError } from '../../lib/app-error.ts';
import { ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import { accountOf } from '../../http/auth-hooks.ts';
import type { UserService } from '../users/user.service.ts';
import { normalizeUsername, SESSION_TTL_MS, type AuthService } from './auth.service.ts';

export function authRoutes(app: App, auth: AuthService, users: UserService, config: Config): void {
  const tags = ['auth'];
  // One address may sign in under many user names (a whole office behind one router at opening
  // time), but not without end: five times the per-name limit holds back guessing across names.
  const perAddress = app.createRateLimit({
    max: config.loginRatePerMinute * 5,
    timeWindow: 60_000,
    keyGenerator: (req) => req.ip,
  });
  app.post(
    '/api/auth/login',
    {
      preHandler: async (req, reply) => {
        const limit = await perAddress(req);
        if (limit.isAllowed || !limit.isExceeded) return;
        reply.header('retry-after', limit.ttlInSeconds);
        throw new AppError(
          'RATE_LIMITED',
          `Too many sign-in attempts from this address; try again in ${limit.ttlInSeconds} s.`,
          { retryAfterSeconds: limit.ttlInSeconds },
        );
      },
      config: {
        access: ['public'],
        rateLimit: {
          max: config.loginRatePerMinute,
          timeWindow: 60_000,
          hook: 'preHandler',
          // The name as sign-in reads it: "  Admin" counts against "admin".
          keyGenerator: (req) =>
            `${req.ip}|${normalizeUsername(String((req.body as { username?: unknown } | undefined)?.username ?? ''))}`,
        },
      },
      schema: {
        tags,
        summary: 'Sign in; sets an httpOnly, SameSite=Strict session cookie',
        body: LoginBody,
        response: ok(Me),
      },
    },
    async (req, reply) => {
      const { token, me } = await auth.login(req.body.username, req.body.password);
      // A relative Max-Age, not an absolute Expires: the browser would judge Expires by its own
      // clock, and a server whose clock is behind the staff's computers would sign everyone out
      // on arrival. The server still enforces its own expiry on every request.
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: config.cookieSecure,
        maxAge: SESSION_TTL_MS / 1000,
      });
      return me;
    },
  );
  app.post(
    '/api/auth/logout',
    { config: { access: ['public'] }, schema: { tags, response: ok(OkResponse) } },
    async (req, reply) => {
      await auth.logout(req.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: config.cookieSecure,
      });
      return { ok: true as const };
    },
  );
  app.get(
    '/api/auth/me',
    {
      config: { access: SIGNED_IN, beforePasswordChange: true },
      schema: { tags, summary: 'Who is signed in', response: ok(Me) },
    },
    (req) => auth.me(req.actor),
  );
  app.patch(
    '/api/auth/me',
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: 'Change your own account: the language of the panel and the console',
        body: MePatch,
        response: ok(Me),
      },
    },
    (req) => users.updateOwn(accountOf(req.actor), req.body),
  );
  app.post(
    '/api/auth/password',
    {
      config: {
        access: SIGNED_IN,
        beforePasswordChange: true,
        // Checking the current password is a sign-in attempt too: the same limit per account.
        rateLimit: {
          max: config.loginRatePerMinute,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (req) =>
            `password|${req.actor.kind === 'user' || req.actor.kind === 'central' ? req.actor.id : req.ip}`,
        },
      },
      schema: {
        tags,
        summary: 'Choose a new password for yourself; your other sessions end',
        description:
          'Needed after signing in with a password that was generated or set by someone else (403 PASSWORD_CHANGE_REQUIRED elsewhere until then). A wrong current password is 400 WRONG_PASSWORD; the same password again is 400 PASSWORD_UNCHANGED; one easy to guess is 400 PASSWORD_TOO_WEAK with a reason (digits_only, one_character, contains_username, common).',
        body: PasswordChange,
        response: ok(Me),
      },
    },
    (req) => users.changeOwnPassword(accountOf(req.actor), req.body, req.cookies[SESSION_COOKIE]),
  );
}
