import type {
  PriorityGroup,
  PriorityGroupCreate,
  PriorityGroupPatch,
  PublicPriorityGroup,
} from '@numerek/shared';
import { notFound } from '../../lib/app-error.ts';
import { newId } from '../../lib/ids.ts';
import type { UserActor } from '../../actor.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { PriorityGroupRepository } from './priority-group.repository.ts';

/**
 * Priority groups are configuration, not code: who qualifies (names, pictogram, legal basis). A
 * ticket stores only that it is a priority ticket, with the office's one weight, so nothing about
 * a ticket tells its group, and deleting a group never touches a ticket.
 */
export class PriorityGroupService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly groups: PriorityGroupRepository,
  ) {}

  list(officeId: string): Promise<PriorityGroup[]> {
    return this.groups.list(officeId);
  }

  async listPublic(officeId: string): Promise<PublicPriorityGroup[]> {
    return (await this.groups.list(officeId))
      .filter((g) => g.active)
      .map((g) => ({ id: g.id, names: g.names, pictogram: g.pictogram }));
  }

  async get(officeId: string, id: string): Promise<PriorityGroup> {
    const g = await this.groups.find(id);
    if (!g || g.officeId !== officeId) throw notFound(`Priority group ${id}`);
    return g;
  }

  async create(actor: UserActor, input: PriorityGroupCreate): Promise<PriorityGroup> {
    const group = await this.ctx.writes.write(async () => {
      const g: PriorityGroup = {
        id: newId(),
        officeId: actor.officeId,
        names: input.names,
        pictogram: input.pictogram ?? 'priority',
        legalBasis: input.legalBasis ?? '',
        active: input.active ?? true,
        displayOrder: input.displayOrder ?? (await this.groups.list(actor.officeId)).length,
      };
      await this.groups.save(g, this.ctx.clock.now());
      await this.ctx.audit(actor, 'create', 'priority_group', g.id, { names: g.names });
      this.ctx.events.add('config.changed', {
        officeId: actor.officeId,
        entity: 'priority_group',
        id: g.id,
      });
      return g;
    });
    return group;
  }

  async update(actor: UserActor, id: string, patch: PriorityGroupPatch): Promise<PriorityGroup> {
    const group = await this.ctx.writes.write(async () => {
      const current = await this.get(actor.officeId, id);
      const next: PriorityGroup = {
        ...current,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      };
      await this.groups.save(next, this.ctx.clock.now());
      await this.ctx.audit(actor, 'update', 'priority_group', id, { fields: Object.keys(patch) });
      this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'priority_group', id });
      return next;
    });
    return group;
  }

  async remove(actor: UserActor, id: string): Promise<void> {
    await this.ctx.writes.write(async () => {
      await this.get(actor.officeId, id);
      await this.groups.delete(id);
      await this.ctx.audit(actor, 'delete', 'priority_group', id);
      this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'priority_group', id });
    });
  }
}
