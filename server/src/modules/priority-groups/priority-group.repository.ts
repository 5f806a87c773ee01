import type { I18nNames, PriorityGroup } from '@numerek/shared';
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
  async find(id: string): Promise<PriorityGroup | null> {
    const r = await this.db.get<Row>('SELECT * FROM priority_groups WHERE id = ?', [id]);
    return r ? toGroup(r) : null;
  }

  async list(officeId: string): Promise<PriorityGroup[]> {
    const rows = await this.db.all<Row>(
      'SELECT * FROM priority_groups WHERE office_id = ? ORDER BY display_order, created_at',
      [officeId],
    );
    return rows.map(toGroup);
  }

  async save(g: PriorityGroup, now: number): Promise<void> {
    await this.db.run(
      `INSERT INTO priority_groups (id, office_id, names, pictogram, legal_basis, active, display_order, created_at, updated_at)
         VALUES (@id, @officeId, @names, @pictogram, @legalBasis, @active, @displayOrder, @now, @now)
         ON CONFLICT (id) DO UPDATE SET names = @names, pictogram = @pictogram, legal_basis = @legalBasis,
           active = @active, display_order = @displayOrder, updated_at = @now`,
      {
        id: g.id,
        officeId: g.officeId,
        names: JSON.stringify(g.names),
        pictogram: g.pictogram,
        legalBasis: g.legalBasis,
        active: g.active ? 1 : 0,
        displayOrder: g.displayOrder,
        now,
      },
    );
  }

  async delete(id: string): Promise<void> {
    await this.db.run('DELETE FROM priority_groups WHERE id = ?', [id]);
  }
}
