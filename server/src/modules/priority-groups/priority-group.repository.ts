import type { I18nNames, PriorityGroup } from '@numerek/shared';
import type { Db } from '../../db/database.ts';
import { Repository } from '../../db/repository.ts';

interface Row {
  id: string;
  office_id: string;
  names: string;
  pictogram: string;
  legal_basis: string;
  active: number;
  display_order: number;
}
const toGroup = (r: Row): PriorityGroup => ({
  id: r.id,
  officeId: r.office_id,
  names: JSON.parse(r.names) as I18nNames,
  pictogram: r.pictogram,
  legalBasis: r.legal_basis,
  active: r.active === 1,
  displayOrder: r.display_order,
});

export class PriorityGroupRepository extends Repository {
  private readonly byId;
  private readonly byOffice;
  constructor(db: Db) {
    super(db);
    this.byId = db.prepare<[string], Row>('SELECT * FROM priority_groups WHERE id = ?');
    this.byOffice = db.prepare<[string], Row>(
      'SELECT * FROM priority_groups WHERE office_id = ? ORDER BY display_order, created_at',
    );
  }

  find(id: string): PriorityGroup | null {
    const r = this.byId.get(id);
    return r ? toGroup(r) : null;
  }

  list(officeId: string): PriorityGroup[] {
    return this.byOffice.all(officeId).map(toGroup);
  }

  save(g: PriorityGroup, now: number): void {
    this.sql(
      `INSERT INTO priority_groups (id, office_id, names, pictogram, legal_basis, active, display_order, created_at, updated_at)
         VALUES (@id, @officeId, @names, @pictogram, @legalBasis, @active, @displayOrder, @now, @now)
         ON CONFLICT (id) DO UPDATE SET names = @names, pictogram = @pictogram, legal_basis = @legalBasis,
           active = @active, display_order = @displayOrder, updated_at = @now`,
    ).run({ ...g, names: JSON.stringify(g.names), active: g.active ? 1 : 0, now });
  }

  delete(id: string): void {
    this.sql('DELETE FROM priority_groups WHERE id = ?').run(id);
  }
}
