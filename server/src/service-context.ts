import type { AuditDetails } from '@numerek/shared/audit';
import type { Config } from './config/config.ts';
import type { Db } from './db/database.ts';
import type { WriteQueue } from './db/write-queue.ts';
import type { Outbox } from './db/outbox.ts';
import type { DomainBus } from './domain-events.ts';
import type { Clock } from './lib/clock.ts';
import type { UserActor } from './actor.ts';
import type { AuditRepository } from './modules/audit/audit.repository.ts';

/** Where services write what operators should know (pino's signature: an object, then a message). */
export interface Log {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

/** What every service needs: the write queue, the clock, the facts it records, the config and the audit log. */
export interface ServiceContext {
  readonly config: Config;
  readonly db: Db;
  readonly writes: WriteQueue;
  readonly clock: Clock;
  /** Where committed facts are heard (on every node); services record them with `events`. */
  readonly bus: DomainBus;
  /** Records a fact inside the write that causes it (published on every node once committed). */
  readonly events: Outbox;
  readonly log: Log;
  /**
   * Records a change in the audit log of an office; call it inside a write. Staff changes name the
   * user; a central administrator's change is recorded in the office it concerns, under their id;
   * an anonymous caller (a device using its pairing link) is recorded without one.
   */
  audit(
    actor:
      UserActor | { kind: 'central'; id: string; officeId: string } | { kind: 'anonymous'; officeId: string },
    action: string,
    entity: string,
    entityId: string | null,
    data?: AuditDetails,
  ): Promise<void>;
}

export function createServiceContext(
  parts: Omit<ServiceContext, 'audit'> & { auditLog: AuditRepository },
): ServiceContext {
  const { auditLog, ...rest } = parts;
  return {
    ...rest,
    audit: (actor, action, entity, entityId, data) =>
      auditLog.record({
        officeId: actor.officeId,
        at: rest.clock.now(),
        userId: actor.kind === 'anonymous' ? null : actor.id,
        action,
        entity,
        entityId,
        data,
      }),
  };
}
