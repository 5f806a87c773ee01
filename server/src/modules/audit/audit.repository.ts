import { Repository } from '../../db/repository.ts';

/** A change to record in the audit log. */
export interface AuditRecord {
  officeId: string;
  at: number;
  userId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  data?: Record<string, unknown>;
}

/** A stored line of the audit log. */
export type AuditRow = Required<AuditRecord> & { id: number };

/** Append-only record of who changed what (the table refuses updates). */
export class AuditRepository extends Repository {
  async record(e: AuditRecord): Promise<void> {
    await this.db.run(
      'INSERT INTO audit_log (office_id, at, user_id, action, entity, entity_id, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [e.officeId, e.at, e.userId, e.action, e.entity, e.entityId, JSON.stringify(e.data ?? {})],
    );
  }

  async recent(officeId: string, limit = 200): Promise<AuditRow[]> {
    const rows = await this.db.all<Record<string, unknown>>(
      'SELECT * FROM audit_log WHERE office_id = ? ORDER BY id DESC LIMIT ?',
      [officeId, limit],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      officeId: String(r.office_id),
      at: Number(r.at),
      userId: (r.user_id as string | null) ?? null,
      action: String(r.action),
      entity: String(r.entity),
      entityId: (r.entity_id as string | null) ?? null,
      data: JSON.parse(String(r.data)) as Record<string, unknown>,
    }));
  }
}
