import { SESSION_COOKIE } from '@numerek/shared';
import { AppError } from '../lib/app-error.ts';
import type { AuthService } from '../modules/auth/auth.service.ts';
import type { AccountActor, Actor, CentralActor, DeviceActor, UserActor } from '../actor.ts';
import { allows } from './actor.ts';
import type { App } from './types.ts';

/**
 * Resolves who is calling (session cookie or device bearer token) on every request and enforces
 * the route's `config.access` before the body is even validated, so an anonymous caller learns
 * nothing about a protected route's input. A route under /api without `access` fails at start-up.
 * A device whose token works is told to `deviceSeen` (which keeps its last-seen time, cheaply).
 */
export function registerAuth(
  app: App,
  auth: AuthService,
  deviceSeen: (device: DeviceActor) => void = () => undefined,
): void {
  app.decorateRequest('actor', null as never);

  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/api/') && !route.config?.access && route.method !== 'HEAD') {
      throw new Error(`route ${String(route.method)} ${route.url} does not declare config.access`);
    }
  });

  app.addHook('onRequest', async (request) => {
    const header = request.headers.authorization;
    const bearer = header?.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : undefined;
    request.actor = await auth.resolve(request.cookies[SESSION_COOKIE], bearer);
    if (request.actor.kind === 'device') deviceSeen(request.actor);
    const access = request.routeOptions.config.access;
    if (
      (request.actor.kind === 'user' || request.actor.kind === 'central') &&
      request.actor.passwordChangeRequired &&
      access &&
      !access.includes('public') &&
      !request.routeOptions.config.beforePasswordChange
    ) {
      throw new AppError(
        'PASSWORD_CHANGE_REQUIRED',
        'Your password was set by someone else; choose your own new password first (POST /api/auth/password).',
      );
    }
    if (!access || allows(access, request.actor)) return;
    if (request.actor.kind === 'anonymous') {
      throw new AppError(
        'UNAUTHENTICATED',
        request.actor.problem?.message ?? 'Sign in, or use a paired device, to do this.',
        request.actor.problem ? { reason: request.actor.problem.reason } : {},
      );
    }
    throw new AppError('FORBIDDEN', `Your ${whoIs(request.actor)} may not do this.`);
  });
}

function whoIs(actor: UserActor | CentralActor | DeviceActor): string {
  if (actor.kind === 'user') return `role (${actor.role})`;
  if (actor.kind === 'central') return 'role (central administrator, outside every office)';
  return `device (${actor.deviceKind})`;
}

/** The signed-in member of an office's staff (routes that allow only office roles). */
export function userOf(actor: Actor): UserActor {
  if (actor.kind !== 'user') throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
  return actor;
}

/** The signed-in central administrator (routes that allow only `central`). */
export function centralOf(actor: Actor): CentralActor {
  if (actor.kind !== 'central') throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
  return actor;
}

/** Whoever signed in, office staff or central administrator (routes about one's own account). */
export function accountOf(actor: Actor): AccountActor {
  if (actor.kind !== 'user' && actor.kind !== 'central')
    throw new AppError('UNAUTHENTICATED', 'Sign in to do this.');
  return actor;
}

export function deviceOf(actor: Actor): DeviceActor | null {
  return actor.kind === 'device' ? actor : null;
}
