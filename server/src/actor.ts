import type { DeviceKind, ErrorReason, Role } from '@numerek/shared';

/**
 * Who is making a request: nobody, a paired device, a signed-in member of an office's staff, or a
 * central administrator, who belongs to no office and may do only what a route names `central` for.
 */
export type Actor =
  | {
      kind: 'anonymous';
      /** Why a session or a device token sent with the request was refused. */
      problem?: { message: string; reason: ErrorReason<'UNAUTHENTICATED'> };
    }
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
    }
  | {
      kind: 'central';
      id: string;
      displayName: string;
      username: string;
      /** As for staff: a password someone else knows must be replaced first. */
      passwordChangeRequired?: true;
    };

export type UserActor = Extract<Actor, { kind: 'user' }>;
export type DeviceActor = Extract<Actor, { kind: 'device' }>;
export type CentralActor = Extract<Actor, { kind: 'central' }>;
/** Whoever signed in with a user name and a password: office staff or a central administrator. */
export type AccountActor = UserActor | CentralActor;

/** Tag for an actor in the ticket event log and the audit log. */
export function actorRef(actor: Actor): { kind: 'user' | 'device' | 'system'; id: string | null } {
  if (actor.kind === 'user' || actor.kind === 'central') return { kind: 'user', id: actor.id };
  if (actor.kind === 'device') return { kind: 'device', id: actor.id };
  return { kind: 'system', id: null };
}
