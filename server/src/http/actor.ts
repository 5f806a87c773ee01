import type { DeviceKind, Role } from '@numerek/shared';
import type { Actor } from '../actor.ts';

/** What a route allows. `public` routes need no credentials. */
export type Access = 'public' | DeviceKind | Role;

/** Each role may do what the roles before it may. */
const ROLE_RANK: Record<Role, number> = { clerk: 1, supervisor: 2, admin: 3 };

export function allows(access: readonly Access[], actor: Actor): boolean {
  if (access.includes('public')) return true;
  if (actor.kind === 'device') return access.includes(actor.deviceKind);
  if (actor.kind === 'user') {
    const needed = access.filter((a): a is Role => a in ROLE_RANK).map((r) => ROLE_RANK[r]);
    return needed.length > 0 && ROLE_RANK[actor.role] >= Math.min(...needed);
  }
  return false;
}

export const STAFF: Access[] = ['clerk'];
export const SUPERVISORS: Access[] = ['supervisor'];
export const ADMINS: Access[] = ['admin'];
