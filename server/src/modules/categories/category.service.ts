import type { Category, CategoryCreate, CategoryPatch } from '@numerek/shared';
import { AppError, notFound } from '../../lib/app-error.ts';
import { newId } from '../../lib/ids.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { UserActor } from '../../actor.ts';
import type { CategoryRepository } from './category.repository.ts';

/** Service categories: what a client can come for, with its prefix, hours and limits. */
export class CategoryService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly categories: CategoryRepository,
  ) {}

  list(officeId: string): Category[] {
    return this.categories.list(officeId);
  }

  get(officeId: string, id: string): Category {
    const c = this.categories.find(id);
    if (!c || c.officeId !== officeId) throw notFound(`Category ${id}`);
    return c;
  }

  async create(actor: UserActor, input: CategoryCreate): Promise<Category> {
    const category = await this.ctx.writes.write(() => {
      const now = this.ctx.clock.now();
      this.assertPrefixFree(actor.officeId, input.prefix, null);
      const c: Category = {
        id: newId(),
        officeId: actor.officeId,
        prefix: input.prefix,
        names: input.names,
        descriptions: input.descriptions ?? {},
        active: input.active ?? true,
        displayOrder: input.displayOrder ?? this.categories.list(actor.officeId).length,
        pictogram: input.pictogram ?? null,
        openingHours: validHours(input.openingHours ?? null),
        dailyLimit: input.dailyLimit ?? null,
        maxWaitMinutes: input.maxWaitMinutes ?? null,
        stopIssuingNearClosing: input.stopIssuingNearClosing ?? false,
      };
      this.categories.save(c, now);
      this.ctx.audit(actor, 'create', 'category', c.id, { prefix: c.prefix });
      return c;
    });
    this.ctx.bus.publish('config.changed', { officeId: actor.officeId, entity: 'category', id: category.id });
    return category;
  }

  async update(actor: UserActor, id: string, patch: CategoryPatch): Promise<Category> {
    const category = await this.ctx.writes.write(() => {
      const current = this.get(actor.officeId, id);
      if (patch.prefix !== undefined) this.assertPrefixFree(actor.officeId, patch.prefix, id);
      const next: Category = {
        ...current,
        ...definedOnly(patch),
        openingHours:
          patch.openingHours !== undefined ? validHours(patch.openingHours) : current.openingHours,
      };
      this.categories.save(next, this.ctx.clock.now());
      this.ctx.audit(actor, 'update', 'category', id, { fields: Object.keys(patch) });
      return next;
    });
    this.ctx.bus.publish('config.changed', { officeId: actor.officeId, entity: 'category', id });
    return category;
  }

  async remove(actor: UserActor, id: string): Promise<void> {
    await this.ctx.writes.write(() => {
      const c = this.get(actor.officeId, id);
      const usage = this.categories.usage(id);
      if (usage.tickets > 0) {
        throw new AppError(
          'IN_USE',
          `Category ${c.prefix} has ${usage.tickets} ticket(s) in its history, which reports need; deactivate it instead (PATCH with "active": false).`,
          { reason: 'has_history', category: c.prefix, count: usage.tickets },
        );
      }
      if (usage.counters > 0) {
        throw new AppError(
          'IN_USE',
          `Category ${c.prefix} is served by ${usage.counters} counter(s); remove it from them first, or deactivate it.`,
          { reason: 'assigned', category: c.prefix, count: usage.counters },
        );
      }
      this.categories.delete(id);
      this.ctx.audit(actor, 'delete', 'category', id, { prefix: c.prefix });
    });
    this.ctx.bus.publish('config.changed', { officeId: actor.officeId, entity: 'category', id });
  }

  private assertPrefixFree(officeId: string, prefix: string, exceptId: string | null): void {
    const other = this.categories.findByPrefix(officeId, prefix);
    if (other && other.id !== exceptId) {
      throw new AppError(
        'ALREADY_EXISTS',
        `Prefix ${prefix} is already used by category "${other.names.pl}"; choose another.`,
        { reason: 'category_prefix', field: 'prefix', category: prefix },
      );
    }
  }
}

function validHours(hours: Category['openingHours']): Category['openingHours'] {
  for (const h of hours ?? []) {
    if (h.close <= h.open) {
      throw new AppError(
        'VALIDATION_FAILED',
        `Opening hours on day ${h.day}: closing time ${h.close} must be after opening time ${h.open}.`,
        { field: 'openingHours', day: h.day, time: h.close },
      );
    }
  }
  return hours;
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
