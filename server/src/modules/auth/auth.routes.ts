import { LoginBody, Me, OkResponse, SESSION_COOKIE } from '@numerek/shared';
import type { Config } from '../../config/config.ts';
import { STAFF } from '../../http/actor.ts';
import { ok } from '../../http/route-helpers.ts';
import type { App } from '../../http/types.ts';
import type { AuthService } from './auth.service.ts';

export function authRoutes(app: App, auth: AuthService, config: Config): void {
  const tags = ['auth'];
  app.post(
    '/api/auth/login',
    {
      config: {
        access: ['public'],
        rateLimit: {
          max: config.loginRatePerMinute,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (req) =>
            `${req.ip}|${String((req.body as { username?: unknown } | undefined)?.username ?? '').toLowerCase()}`,
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
      const { token, me, expiresAt } = await auth.login(req.body.username, req.body.password);
      reply.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: config.cookieSecure,
        expires: new Date(expiresAt),
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
    { config: { access: STAFF }, schema: { tags, summary: 'Who is signed in', response: ok(Me) } },
    (req) => auth.me(req.actor),
  );
}
