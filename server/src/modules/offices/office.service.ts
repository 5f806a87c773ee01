import type {
  Office,
  OfficeCreate,
  OfficePatch,
  OfficePolicySettings,
  PolicySettingsPatch,
} from '@numerek/shared';
import { AppError, notFound } from '../../lib/app-error.ts';
import { newId } from '../../lib/ids.ts';
import { isValidTimeZone } from '../../config/config.ts';
import type { AccountActor, Actor, CentralActor, UserActor } from '../../actor.ts';
import { officeLock } from '../../db/write-queue.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { OfficeRepository } from './office.repository.ts';

/**
 * Offices, each with its own time zone, and each office's priority policy settings. A central
 * administrator creates offices and sees and renames them all; an office's administrator sees and
 * edits only their own (another office is not found, so its id is never confirmed).
 */
export class OfficeService {
  constructor(
    private readonly ctx: ServiceContext,
    private readonly offices: OfficeRepository,
  ) {}

  /** Every office (for the server itself: retention, the seed, tests). */
  list(): Promise<Office[]> {
    return this.offices.list();
  }

  /** The offices the actor may see: all for a central administrator, else their own. */
  async listFor(actor: AccountActor): Promise<Office[]> {
    if (actor.kind === 'central') return this.offices.list();
    const own = await this.offices.find(actor.officeId);
    return own ? [own] : [];
  }

  /** The office a public request is about: the one named, else the caller's, else the first. */
  async resolve(officeId: string | undefined, callerOfficeId: string | undefined): Promise<Office> {
    const id = officeId ?? callerOfficeId;
    const office = id ? await this.offices.find(id) : await this.offices.defaultOffice();
    if (!office) throw notFound(officeId ? `Office ${officeId}` : 'An office');
    return office;
  }

  /** The office a public list is for: the one named, else the signed-in caller's, else the first. */
  resolveFor(officeId: string | undefined, caller: Actor): Promise<Office> {
    return this.resolve(
      officeId,
      caller.kind === 'anonymous' || caller.kind === 'central' ? undefined : caller.officeId,
    );
  }

  /** A central administrator creates an office; its audit log starts with that. */
  async create(actor: CentralActor, input: OfficeCreate): Promise<Office> {
    const timeZone = input.timeZone ?? this.ctx.config.officeTimeZone;
    assertTimeZone(timeZone);
    return this.ctx.writes.write(async () => {
      const office: Office = { id: newId(), name: input.name, timeZone };
      await this.offices.insert(office, this.ctx.clock.now());
      await this.ctx.audit({ ...actor, officeId: office.id }, 'create', 'office', office.id, {
        name: office.name,
      });
      return office;
    });
  }

  /** Renames an office or changes its time zone: any office for a central administrator, else one's own. */
  async update(actor: AccountActor, id: string, patch: OfficePatch): Promise<Office> {
    if (patch.timeZone) assertTimeZone(patch.timeZone);
    const office = await this.ctx.writes.write(async () => {
      const current = actor.kind === 'central' || actor.officeId === id ? await this.offices.find(id) : null;
      if (!current) throw notFound(`Office ${id}`);
      const next = {
        ...current,
        name: patch.name ?? current.name,
        timeZone: patch.timeZone ?? current.timeZone,
      };
      await this.offices.update(next);
      await this.ctx.audit(
        actor.kind === 'central' ? { ...actor, officeId: id } : actor,
        'update',
        'office',
        id,
        {
          fields: Object.keys(patch),
        },
      );
      this.ctx.events.add('config.changed', { officeId: id, entity: 'office', id });
      return next;
    });
    return office;
  }

  settings(officeId: string): Promise<OfficePolicySettings> {
    return this.offices.policySettings(officeId);
  }

  async updateSettings(actor: UserActor, patch: PolicySettingsPatch): Promise<OfficePolicySettings> {
    // Under the office's lock: the policy settings are what `next` decides by.
    const settings = await this.ctx.writes.write(
      async () => {
        const current = await this.offices.policySettings(actor.officeId);
        const next: OfficePolicySettings = {
          priorityWeight: patch.priorityWeight ?? current.priorityWeight,
          consecutivePriorityCap:
            patch.consecutivePriorityCap !== undefined
              ? patch.consecutivePriorityCap
              : current.consecutivePriorityCap,
          strictPriority: patch.strictPriority ?? current.strictPriority,
        };
        await this.offices.savePolicySettings(actor.officeId, next);
        await this.ctx.audit(actor, 'update', 'settings', actor.officeId, { before: current, after: next });
        this.ctx.events.add('config.changed', {
          officeId: actor.officeId,
          entity: 'settings',
          id: actor.officeId,
        });
        return next;
      },
      { lock: officeLock(actor.officeId) },
    );
    return settings;
  }
}

function assertTimeZone(tz: string): void {
  if (!isValidTimeZone(tz))
    throw new AppError(
      'VALIDATION_FAILED',
      `Unknown time zone "${tz}"; use an IANA name such as Europe/Warsaw.`,
      { field: 'timeZone' },
    );
}
