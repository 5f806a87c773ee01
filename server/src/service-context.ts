import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config/config.ts';
import type { Db } from './db/database.ts';
import type { WriteQueue } from './db/write-queue.ts';
import type { DomainBus } from './domain-events.ts';
import type { Clock } from './lib/clock.ts';
import type { UserActor } from './http/actor.ts';
import type { AuditRepository } from './modules/audit/audit.repository.ts';

/** What every service needs: the write queue, the clock, the bus, the config and the audit log. */
export interface ServiceContext {
  readonly config: Config;
  readonly db: Db;
  readonly writes: WriteQueue;
  readonly clock: Clock;
  readonly bus: DomainBus;
  readonly log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
  /** Records a staff change in the audit log; call it inside a write. */
  audit(
    actor: UserActor,
    action: string,
    entity: string,
    entityId: string | null,
    data?: Record<string, unknown>,
  ): void;
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
        userId: actor.id,
        action,
        entity,
        entityId,
        data,
      }),
  };
}
