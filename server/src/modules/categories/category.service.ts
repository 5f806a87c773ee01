import type { Category, CategoryCreate, CategoryPatch } from '@numerek/shared';
import { AppError, notFound } from '../../lib/app-error.ts';
import { newId } from '../../lib/ids.ts';
import { officeLock } from '../../db/write-queue.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { UserActor } from '../../actor.ts';
import type { CategoryRepository } from './category.repository.ts';

/**
 * Service categories: what a client can come for, with its prefix, hours and limits. Changes run
 * under the office's lock, since issuing and `next` decide by them.
 */
export class CategoryService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly categories: CategoryRepository,
  ) {}

  list(officeId: string): Promise<Category[]> {
    return this.categories.list(officeId);
  }

  async get(officeId: string, id: string): Promise<Category> {
    const c = await this.categories.find(id);
    if (!c || c.officeId !== officeId) throw notFound(`Category ${id}`);
    return c;
  }

  async create(actor: UserActor, input: CategoryCreate): Promise<Category> {
    const category = await this.ctx.writes.write(
      async () => {
        const now = this.ctx.clock.now();
        await this.assertPrefixFree(actor.officeId, input.prefix, null);
        const c: Category = {
          id: newId(),
          officeId: actor.officeId,
          prefix: input.prefix,
          names: input.names,
          descriptions: input.descriptions ?? {},
          active: input.active ?? true,
          displayOrder: input.displayOrder ?? (await this.categories.list(actor.officeId)).length,
          pictogram: input.pictogram ?? null,
          openingHours: validHours(input.openingHours ?? null),
          dailyLimit: input.dailyLimit ?? null,
          maxWaitMinutes: input.maxWaitMinutes ?? null,
          stopIssuingNearClosing: input.stopIssuingNearClosing ?? false,
        };
        await this.categories.save(c, now);
        await this.ctx.audit(actor, 'create', 'category', c.id, { prefix: c.prefix });
        this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'category', id: c.id });
        return c;
      },
      { lock: officeLock(actor.officeId) },
    );
    return category;
  }

  async update(actor: UserActor, id: string, patch: CategoryPatch): Promise<Category> {
    const category = await this.ctx.writes.write(
      async () => {
        const current = await this.get(actor.officeId, id);
        if (patch.prefix !== undefined) await this.assertPrefixFree(actor.officeId, patch.prefix, id);
        const next: Category = {
          ...current,
          ...definedOnly(patch),
          openingHours:
            patch.openingHours !== undefined ? validHours(patch.openingHours) : current.openingHours,
        };
        await this.categories.save(next, this.ctx.clock.now());
        await this.ctx.audit(actor, 'update', 'category', id, { fields: Object.keys(patch) });
        this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'category', id });
        return next;
      },
      { lock: officeLock(actor.officeId) },
    );
    return category;
  }

  async remove(actor: UserActor, id: string): Promise<void> {
    await this.ctx.writes.write(
      async () => {
        const c = await this.get(actor.officeId, id);
        const usage = await this.categories.usage(id);
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
        await this.categories.delete(id);
        await this.ctx.audit(actor, 'delete', 'category', id, { prefix: c.prefix });
        this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'category', id });
      },
      { lock: officeLock(actor.officeId) },
    );
  }

  private async assertPrefixFree(officeId: string, prefix: string, exceptId: string | null): Promise<void> {
    const other = await this.categories.findByPrefix(officeId, prefix);
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
