import type { Db } from '../../db/database.ts';
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
  private readonly insert;
  private readonly list;
  constructor(db: Db) {
    super(db);
    this.insert = db.prepare(
      'INSERT INTO audit_log (office_id, at, user_id, action, entity, entity_id, data) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.list = db.prepare('SELECT * FROM audit_log WHERE office_id = ? ORDER BY id DESC LIMIT ?');
  }

  record(e: AuditRecord): void {
    this.insert.run(e.officeId, e.at, e.userId, e.action, e.entity, e.entityId, JSON.stringify(e.data ?? {}));
  }

  recent(officeId: string, limit = 200): AuditRow[] {
    return (this.list.all(officeId, limit) as Array<Record<string, unknown>>).map((r) => ({
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
