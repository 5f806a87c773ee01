import type { DeviceKind, ErrorReason, Role } from '@numerek/shared';

/** Who is making a request: nobody, a paired device, or a signed-in member of staff. */
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
    };

export type UserActor = Extract<Actor, { kind: 'user' }>;
export type DeviceActor = Extract<Actor, { kind: 'device' }>;

/** Tag for an actor in the ticket event log and the audit log. */
export function actorRef(actor: Actor): { kind: 'user' | 'device' | 'system'; id: string | null } {
  if (actor.kind === 'user') return { kind: 'user', id: actor.id };
  if (actor.kind === 'device') return { kind: 'device', id: actor.id };
  return { kind: 'system', id: null };
}
