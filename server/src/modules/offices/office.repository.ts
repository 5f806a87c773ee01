import { DEFAULT_PRIORITY_WEIGHT, type Office, type OfficePolicySettings } from '@numerek/shared';
import type { Db } from '../../db/database.ts';
import { Repository } from '../../db/repository.ts';

interface OfficeRow {
  id: string;
  name: string;
  time_zone: string;
}
const toOffice = (r: OfficeRow): Office => ({ id: r.id, name: r.name, timeZone: r.time_zone });

export class OfficeRepository extends Repository {
  private readonly byId;
  private readonly all;
  private readonly settings;
  constructor(db: Db) {
    super(db);
    this.byId = db.prepare<[string], OfficeRow>('SELECT * FROM offices WHERE id = ?');
    this.all = db.prepare<[], OfficeRow>('SELECT * FROM offices ORDER BY created_at, id');
    this.settings = db.prepare<
      [string],
      { priority_weight: number; consecutive_priority_cap: number | null; strict_priority: number }
    >(
      'SELECT priority_weight, consecutive_priority_cap, strict_priority FROM office_settings WHERE office_id = ?',
    );
  }

  find(id: string): Office | null {
    const r = this.byId.get(id);
    return r ? toOffice(r) : null;
  }

  list(): Office[] {
    return this.all.all().map(toOffice);
  }

  /** The office used when a public request names none: the first one created. */
  defaultOffice(): Office | null {
    return this.list()[0] ?? null;
  }

  insert(o: Office, now: number): void {
    this.sql('INSERT INTO offices (id, name, time_zone, created_at) VALUES (?, ?, ?, ?)').run(
      o.id,
      o.name,
      o.timeZone,
      now,
    );
    this.sql('INSERT INTO office_settings (office_id) VALUES (?)').run(o.id);
  }

  update(o: Office): void {
    this.sql('UPDATE offices SET name = ?, time_zone = ? WHERE id = ?').run(o.name, o.timeZone, o.id);
  }

  policySettings(officeId: string): OfficePolicySettings {
    const r = this.settings.get(officeId);
    return {
      priorityWeight: r?.priority_weight ?? DEFAULT_PRIORITY_WEIGHT,
      consecutivePriorityCap: r?.consecutive_priority_cap ?? null,
      strictPriority: r?.strict_priority === 1,
    };
  }

  savePolicySettings(officeId: string, s: OfficePolicySettings): void {
    this.sql(
      'UPDATE office_settings SET priority_weight = ?, consecutive_priority_cap = ?, strict_priority = ? WHERE office_id = ?',
    ).run(s.priorityWeight, s.consecutivePriorityCap, s.strictPriority ? 1 : 0, officeId);
  }
}
