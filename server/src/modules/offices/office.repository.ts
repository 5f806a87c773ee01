import { DEFAULT_PRIORITY_WEIGHT, type Office, type OfficePolicySettings } from '@numerek/shared';
import { Repository } from '../../db/repository.ts';

interface OfficeRow {
  id: string;
  name: string;
  time_zone: string;
}
const toOffice = (r: OfficeRow): Office => ({ id: r.id, name: r.name, timeZone: r.time_zone });

interface SettingsRow {
  priority_weight: number;
  consecutive_priority_cap: number | null;
  strict_priority: number;
}

export class OfficeRepository extends Repository {
  async find(id: string): Promise<Office | null> {
    const r = await this.db.get<OfficeRow>('SELECT * FROM offices WHERE id = ?', [id]);
    return r ? toOffice(r) : null;
  }

  async list(): Promise<Office[]> {
    return (await this.db.all<OfficeRow>('SELECT * FROM offices ORDER BY created_at, id')).map(toOffice);
  }

  /** The office used when a public request names none: the first one created. */
  async defaultOffice(): Promise<Office | null> {
    return (await this.list())[0] ?? null;
  }

  async insert(o: Office, now: number): Promise<void> {
    await this.db.run('INSERT INTO offices (id, name, time_zone, created_at) VALUES (?, ?, ?, ?)', [
      o.id,
      o.name,
      o.timeZone,
      now,
    ]);
    await this.db.run('INSERT INTO office_settings (office_id) VALUES (?)', [o.id]);
  }

  async update(o: Office): Promise<void> {
    await this.db.run('UPDATE offices SET name = ?, time_zone = ? WHERE id = ?', [o.name, o.timeZone, o.id]);
  }

  async policySettings(officeId: string): Promise<OfficePolicySettings> {
    const r = await this.db.get<SettingsRow>(
      'SELECT priority_weight, consecutive_priority_cap, strict_priority FROM office_settings WHERE office_id = ?',
      [officeId],
    );
    return {
      priorityWeight: r?.priority_weight ?? DEFAULT_PRIORITY_WEIGHT,
      consecutivePriorityCap: r?.consecutive_priority_cap ?? null,
      strictPriority: r?.strict_priority === 1,
    };
  }

  async savePolicySettings(officeId: string, s: OfficePolicySettings): Promise<void> {
    await this.db.run(
      'UPDATE office_settings SET priority_weight = ?, consecutive_priority_cap = ?, strict_priority = ? WHERE office_id = ?',
      [s.priorityWeight, s.consecutivePriorityCap, s.strictPriority ? 1 : 0, officeId],
    );
  }
}
