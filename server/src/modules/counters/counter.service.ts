import type { Counter, CounterCreate, CounterPatch } from '@numerek/shared';
import { AppError, notFound } from '../../lib/app-error.ts';
import { newId } from '../../lib/ids.ts';
import type { UserActor } from '../../actor.ts';
import { officeLock } from '../../db/write-queue.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { CategoryRepository } from '../categories/category.repository.ts';
import { publicCounter } from './counter.mapper.ts';
import type { CounterRecord, CounterRepository } from './counter.repository.ts';

/** Counters as the supervisor configures them: name, number, categories, accessibility. */
export class CounterService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly counters: CounterRepository,
    private readonly categories: CategoryRepository,
  ) {}

  async list(officeId: string): Promise<Counter[]> {
    return (await this.counters.list(officeId)).map(publicCounter);
  }

  async create(actor: UserActor, input: CounterCreate): Promise<Counter> {
    // Under the office's lock: what a counter serves is what `next` reads.
    const counter = await this.ctx.writes.write(
      async () => {
        await this.assertCategories(actor.officeId, input.categoryIds);
        const number = input.number ?? (await this.counters.nextNumber(actor.officeId));
        await this.assertNumberFree(actor.officeId, number, null);
        const c: CounterRecord = {
          id: newId(),
          officeId: actor.officeId,
          name: input.name,
          number,
          categoryIds: [...input.categoryIds],
          accessibility: {
            inductionLoop: input.accessibility?.inductionLoop ?? false,
            lowDesk: input.accessibility?.lowDesk ?? false,
            signLanguage: input.accessibility?.signLanguage ?? false,
          },
          active: input.active ?? true,
          state: 'closed',
          clerk: null,
          servingCategoryIds: [],
          pauseReason: null,
          currentTicketId: null,
          stateSince: null,
          sessionId: null,
          consecutivePriorityCalls: 0,
        };
        await this.counters.saveConfig(c, this.ctx.clock.now());
        await this.ctx.audit(actor, 'create', 'counter', c.id, { name: c.name, number: c.number });
        this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'counter', id: c.id });
        return (await this.counters.find(c.id)) as CounterRecord;
      },
      { lock: officeLock(actor.officeId) },
    );
    return publicCounter(counter);
  }

  async update(actor: UserActor, id: string, patch: CounterPatch): Promise<Counter> {
    const counter = await this.ctx.writes.write(
      async () => {
        const current = await this.find(actor, id);
        if (patch.categoryIds) await this.assertCategories(actor.officeId, patch.categoryIds);
        if (patch.number !== undefined) await this.assertNumberFree(actor.officeId, patch.number, id);
        if (patch.active === false && current.state !== 'closed') {
          throw new AppError(
            'IN_USE',
            `Counter ${current.number} is open; the clerk must close it before it is deactivated.`,
            { reason: 'counter_open', counter: current.number },
          );
        }
        const next: CounterRecord = {
          ...current,
          name: patch.name ?? current.name,
          number: patch.number ?? current.number,
          categoryIds: patch.categoryIds ? [...patch.categoryIds] : current.categoryIds,
          accessibility: { ...current.accessibility, ...patch.accessibility },
          active: patch.active ?? current.active,
        };
        const now = this.ctx.clock.now();
        await this.counters.saveConfig(next, now);
        if (patch.categoryIds && current.state !== 'closed') {
          // An open counter keeps serving only what it is still configured for.
          await this.counters.saveState(
            {
              ...next,
              servingCategoryIds: current.servingCategoryIds.filter((c) => next.categoryIds.includes(c)),
            },
            now,
          );
        }
        await this.ctx.audit(actor, 'update', 'counter', id, { fields: Object.keys(patch) });
        this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'counter', id });
        return (await this.counters.find(id)) as CounterRecord;
      },
      { lock: officeLock(actor.officeId) },
    );
    return publicCounter(counter);
  }

  async remove(actor: UserActor, id: string): Promise<void> {
    await this.ctx.writes.write(
      async () => {
        const c = await this.find(actor, id);
        if (c.state !== 'closed')
          throw new AppError('IN_USE', `Counter ${c.number} is open; the clerk must close it first.`, {
            reason: 'counter_open',
            counter: c.number,
          });
        if (await this.counters.isReferenced(id)) {
          throw new AppError(
            'IN_USE',
            `Counter ${c.number} has served clients and stays in the records; deactivate it instead (PATCH with "active": false).`,
            { reason: 'has_history', counter: c.number },
          );
        }
        await this.counters.delete(id);
        await this.ctx.audit(actor, 'delete', 'counter', id, { number: c.number });
        this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'counter', id });
      },
      { lock: officeLock(actor.officeId) },
    );
  }

  private async find(actor: UserActor, id: string): Promise<CounterRecord> {
    const c = await this.counters.find(id);
    if (!c || c.officeId !== actor.officeId) throw notFound(`Counter ${id}`);
    return c;
  }

  private async assertCategories(officeId: string, ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const c = await this.categories.find(id);
      if (!c || c.officeId !== officeId)
        throw new AppError(
          'VALIDATION_FAILED',
          `Category ${id} in "categoryIds" does not exist in this office.`,
          { field: 'categoryIds' },
        );
    }
  }

  private async assertNumberFree(officeId: string, number: number, exceptId: string | null): Promise<void> {
    if (await this.counters.numberTaken(officeId, number, exceptId)) {
      throw new AppError('ALREADY_EXISTS', `Counter number ${number} is already used; choose another.`, {
        reason: 'counter_number',
        field: 'number',
        counter: number,
      });
    }
  }
}
