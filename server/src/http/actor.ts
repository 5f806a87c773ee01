import type { DeviceKind, Role } from '@numerek/shared';

/** Who is making a request: nobody, a paired device, or a signed-in member of staff. */
export type Actor =
  | { kind: 'anonymous'; problem?: string }
  | { kind: 'device'; id: string; officeId: string; deviceKind: DeviceKind; name: string }
  | {
      kind: 'user';
      id: string;
      officeId: string;
      role: Role;
      displayName: string;
      username: string;
      /** Signed in with a password someone else knows: may only choose a new one, or sign out. */
      passwordChangeRequired?: true;
    };

export type UserActor = Extract<Actor, { kind: 'user' }>;
export type DeviceActor = Extract<Actor, { kind: 'device' }>;

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

/** Tag for an actor in the ticket event log and the audit log. */
export function actorRef(actor: Actor): { kind: 'user' | 'device' | 'system'; id: string | null } {
  if (actor.kind === 'user') return { kind: 'user', id: actor.id };
  if (actor.kind === 'device') return { kind: 'device', id: actor.id };
  return { kind: 'system', id: null };
}
