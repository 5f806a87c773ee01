import type { AuditEntry } from '@numerek/shared';
import type { AuditRow } from './audit.repository.ts';

/** A line of the audit log as a supervisor's console reads it. */
export function toAuditEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: new Date(r.at).toISOString(),
    userId: r.userId,
    action: r.action,
    entity: r.entity,
    entityId: r.entityId,
    data: r.data,
  };
}
