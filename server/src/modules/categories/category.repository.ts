import type { Category, I18nNames, I18nTexts, OpeningHours } from '@numerek/shared';
import type { Db } from '../../db/database.ts';
import { Repository } from '../../db/repository.ts';

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
  private readonly byId;
  private readonly byOffice;
  private readonly byPrefix;
  constructor(db: Db) {
    super(db);
    this.byId = db.prepare<[string], CategoryRow>('SELECT * FROM categories WHERE id = ?');
    this.byOffice = db.prepare<[string], CategoryRow>(
      'SELECT * FROM categories WHERE office_id = ? ORDER BY display_order, prefix',
    );
    this.byPrefix = db.prepare<[string, string], CategoryRow>(
      'SELECT * FROM categories WHERE office_id = ? AND prefix = ?',
    );
  }

  find(id: string): Category | null {
    const r = this.byId.get(id);
    return r ? toCategory(r) : null;
  }

  findByPrefix(officeId: string, prefix: string): Category | null {
    const r = this.byPrefix.get(officeId, prefix);
    return r ? toCategory(r) : null;
  }

  list(officeId: string): Category[] {
    return this.byOffice.all(officeId).map(toCategory);
  }

  save(c: Category, now: number): void {
    this.sql(
      `INSERT INTO categories (id, office_id, prefix, names, descriptions, pictogram, active, display_order, opening_hours,
           daily_limit, max_wait_minutes, stop_issuing_near_closing, created_at, updated_at)
         VALUES (@id, @officeId, @prefix, @names, @descriptions, @pictogram, @active, @displayOrder, @openingHours,
           @dailyLimit, @maxWaitMinutes, @stop, @now, @now)
         ON CONFLICT (id) DO UPDATE SET prefix = @prefix, names = @names, descriptions = @descriptions, pictogram = @pictogram,
           active = @active, display_order = @displayOrder, opening_hours = @openingHours, daily_limit = @dailyLimit,
           max_wait_minutes = @maxWaitMinutes, stop_issuing_near_closing = @stop, updated_at = @now`,
    ).run({
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
    });
  }

  /** How many tickets and counters refer to the category (a used category can only be deactivated). */
  usage(id: string): { tickets: number; counters: number } {
    const tickets = this.sql('SELECT count(*) FROM tickets WHERE category_id = ?').pluck().get(id) as number;
    const counters = this.sql('SELECT count(*) FROM counter_categories WHERE category_id = ?')
      .pluck()
      .get(id) as number;
    return { tickets, counters };
  }

  delete(id: string): void {
    this.sql('DELETE FROM ticket_series WHERE category_id = ?').run(id);
    this.sql('DELETE FROM categories WHERE id = ?').run(id);
  }
}
