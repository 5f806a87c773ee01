import { CENTRAL_ROLE, type CentralRole, type DeviceKind, type Role } from '@numerek/shared';
import type { Actor } from '../actor.ts';

/**
 * What a route allows. `public` routes need no credentials. `central` is the central
 * administrator, who passes only routes that name it: no office role includes it, and it includes
 * no office role.
 */
export type Access = 'public' | DeviceKind | Role | CentralRole;

/** Each role may do what the roles before it may. */
const ROLE_RANK: Record<Role, number> = { clerk: 1, supervisor: 2, admin: 3 };

export function allows(access: readonly Access[], actor: Actor): boolean {
  if (access.includes('public')) return true;
  if (actor.kind === 'device') return access.includes(actor.deviceKind);
  if (actor.kind === 'central') return access.includes(CENTRAL_ROLE);
  if (actor.kind === 'user') {
    const needed = access.filter((a): a is Role => a in ROLE_RANK).map((r) => ROLE_RANK[r]);
    return needed.length > 0 && ROLE_RANK[actor.role] >= Math.min(...needed);
  }
  return false;
}

export const STAFF: Access[] = ['clerk'];
export const SUPERVISORS: Access[] = ['supervisor'];
export const ADMINS: Access[] = ['admin'];
export const CENTRAL: Access[] = [CENTRAL_ROLE];
/** Anyone who signed in: office staff and central administrators (their own account). */
export const SIGNED_IN: Access[] = ['clerk', CENTRAL_ROLE];
