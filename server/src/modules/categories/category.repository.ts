import type { Category, I18nNames, I18nTexts, OpeningHours } from '@numerek/shared';
import { OfficeCache } from '../../db/office-cache.ts';
import { Repository, type CacheScope } from '../../db/repository.ts';

interface CategoryRow {
  id: string;
  office_id: string;
  prefix: string;
  names: string;
  descriptions: string;
  pictogram: string | null;
  active: number;
  display_order: number;
  opening_hours: string | null;
  daily_limit: number | null;
  max_wait_minutes: number | null;
  stop_issuing_near_closing: number;
}

const toCategory = (r: CategoryRow): Category => ({
  id: r.id,
  officeId: r.office_id,
  prefix: r.prefix,
  names: JSON.parse(r.names) as I18nNames,
  descriptions: JSON.parse(r.descriptions) as I18nTexts,
  active: r.active === 1,
  displayOrder: r.display_order,
  pictogram: r.pictogram,
  openingHours: r.opening_hours === null ? null : (JSON.parse(r.opening_hours) as OpeningHours),
  dailyLimit: r.daily_limit,
  maxWaitMinutes: r.max_wait_minutes,
  stopIssuingNearClosing: r.stop_issuing_near_closing === 1,
});

export class CategoryRepository extends Repository {
  /** Each office's categories' maximum waits, read by every call and estimate (see OfficeCache). */
  private readonly maxWaits = new OfficeCache<ReadonlyMap<string, number | null>>();

  /** The maximum wait of each of the office's categories, by id (null: none). */
  async maxWaitMinutes(officeId: string): Promise<Record<string, number | null>> {
    const kept = await this.maxWaits.get(officeId, async () => {
      const rows = await this.db.all<{ id: string; max_wait_minutes: number | null }>(
        'SELECT id, max_wait_minutes FROM categories WHERE office_id = ?',
        [officeId],
      );
      return new Map(rows.map((r) => [r.id, r.max_wait_minutes]));
    });
    return Object.fromEntries(kept);
  }

  forgetCached(scope?: CacheScope): void {
    this.maxWaits.forget(scope);
  }

  async find(id: string): Promise<Category | null> {
    const r = await this.db.get<CategoryRow>('SELECT * FROM categories WHERE id = ?', [id]);
    return r ? toCategory(r) : null;
  }

  async findByPrefix(officeId: string, prefix: string): Promise<Category | null> {
    const r = await this.db.get<CategoryRow>('SELECT * FROM categories WHERE office_id = ? AND prefix = ?', [
      officeId,
      prefix,
    ]);
    return r ? toCategory(r) : null;
  }

  async list(officeId: string): Promise<Category[]> {
    const rows = await this.db.all<CategoryRow>(
      'SELECT * FROM categories WHERE office_id = ? ORDER BY display_order, prefix',
      [officeId],
    );
    return rows.map(toCategory);
  }

  async save(c: Category, now: number): Promise<void> {
    this.maxWaits.changed();
    await this.db.run(
      `INSERT INTO categories (id, office_id, prefix, names, descriptions, pictogram, active, display_order, opening_hours,
           daily_limit, max_wait_minutes, stop_issuing_near_closing, created_at, updated_at)
         VALUES (@id, @officeId, @prefix, @names, @descriptions, @pictogram, @active, @displayOrder, @openingHours,
           @dailyLimit, @maxWaitMinutes, @stop, @now, @now)
         ON CONFLICT (id) DO UPDATE SET prefix = @prefix, names = @names, descriptions = @descriptions, pictogram = @pictogram,
           active = @active, display_order = @displayOrder, opening_hours = @openingHours, daily_limit = @dailyLimit,
           max_wait_minutes = @maxWaitMinutes, stop_issuing_near_closing = @stop, updated_at = @now`,
      {
        id: c.id,
        officeId: c.officeId,
        prefix: c.prefix,
        names: JSON.stringify(c.names),
        descriptions: JSON.stringify(c.descriptions),
        pictogram: c.pictogram,
        active: c.active ? 1 : 0,
        displayOrder: c.displayOrder,
        openingHours: c.openingHours === null ? null : JSON.stringify(c.openingHours),
        dailyLimit: c.dailyLimit,
        maxWaitMinutes: c.maxWaitMinutes,
        stop: c.stopIssuingNearClosing ? 1 : 0,
        now,
      },
    );
  }

  /** How many tickets and counters refer to the category (a used category can only be deactivated). */
  async usage(id: string): Promise<{ tickets: number; counters: number }> {
    const tickets =
      (await this.db.value<number>('SELECT count(*) FROM tickets WHERE category_id = ?', [id])) ?? 0;
    const counters =
      (await this.db.value<number>('SELECT count(*) FROM counter_categories WHERE category_id = ?', [id])) ??
      0;
    return { tickets, counters };
  }

  async delete(id: string): Promise<void> {
    this.maxWaits.changed();
    await this.db.run('DELETE FROM ticket_series WHERE category_id = ?', [id]);
    await this.db.run('DELETE FROM categories WHERE id = ?', [id]);
  }
}
