import { DEFAULT_PRIORITY_WEIGHT, type Office, type OfficePolicySettings } from '@numerek/shared';
import { OfficeCache } from '../../db/office-cache.ts';
import { Repository, type CacheScope } from '../../db/repository.ts';

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
  /** Each office and its policy settings, read by every call and estimate (see OfficeCache). */
  private readonly offices = new OfficeCache<Office | null>();
  private readonly settings = new OfficeCache<OfficePolicySettings>();

  async find(id: string): Promise<Office | null> {
    const o = await this.offices.get(id, async () => {
      const r = await this.db.get<OfficeRow>('SELECT * FROM offices WHERE id = ?', [id]);
      return r ? toOffice(r) : null;
    });
    return o && { ...o };
  }

  forgetCached(scope?: CacheScope): void {
    this.offices.forget(scope);
    this.settings.forget(scope);
  }

  async list(): Promise<Office[]> {
    return (await this.db.all<OfficeRow>('SELECT * FROM offices ORDER BY created_at, id')).map(toOffice);
  }

  /** The office used when a public request names none: the first one created. */
  async defaultOffice(): Promise<Office | null> {
    return (await this.list())[0] ?? null;
  }

  async insert(o: Office, now: number): Promise<void> {
    this.offices.changed();
    this.settings.changed();
    await this.db.run('INSERT INTO offices (id, name, time_zone, created_at) VALUES (?, ?, ?, ?)', [
      o.id,
      o.name,
      o.timeZone,
      now,
    ]);
    await this.db.run('INSERT INTO office_settings (office_id) VALUES (?)', [o.id]);
  }

  async update(o: Office): Promise<void> {
    this.offices.changed();
    await this.db.run('UPDATE offices SET name = ?, time_zone = ? WHERE id = ?', [o.name, o.timeZone, o.id]);
  }

  async policySettings(officeId: string): Promise<OfficePolicySettings> {
    const s = await this.settings.get(officeId, async () => {
      const r = await this.db.get<SettingsRow>(
        'SELECT priority_weight, consecutive_priority_cap, strict_priority FROM office_settings WHERE office_id = ?',
        [officeId],
      );
      return {
        priorityWeight: r?.priority_weight ?? DEFAULT_PRIORITY_WEIGHT,
        consecutivePriorityCap: r?.consecutive_priority_cap ?? null,
        strictPriority: r?.strict_priority === 1,
      };
    });
    return { ...s };
  }

  async savePolicySettings(officeId: string, s: OfficePolicySettings): Promise<void> {
    this.settings.changed();
    await this.db.run(
      'UPDATE office_settings SET priority_weight = ?, consecutive_priority_cap = ?, strict_priority = ? WHERE office_id = ?',
      [s.priorityWeight, s.consecutivePriorityCap, s.strictPriority ? 1 : 0, officeId],
    );
  }
}
