import type { Services } from '@numerek/server';
import type { TestApp } from '@numerek/server/testing';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { prepareProbe, sqliteOf } from './probes.ts';
import { summarize, type LatencySummary } from './stats.ts';

type Actor = Parameters<Services['tickets']['issue']>[0];
type UserActor = Parameters<Services['workflow']['next']>[0];

export interface IssueCostRow {
  label: string;
  latency: LatencySummary;
  /** Statements compiled per call (db.prepare), and their mean time per call. */
  preparesPerCall: number;
  prepareMsPerCall: number;
}

export interface IssueCostResult {
  waitingBefore: number;
  waitingAfter: number;
  rows: IssueCostRow[];
  /** Statements compiled on every call, by their first characters. */
  preparedEachCall: string[];
}

/**
 * Where the time of one issue goes, in-process with the queue at its benchmark size: the whole
 * `issue` (its own commit) for regular and priority tickets, and the wait estimate alone.
 */
export async function measureIssueCost(
  t: TestApp,
  admin: UserActor,
  calls: number,
): Promise<IssueCostResult> {
  const { services } = t.app;
  const officeId = t.officeId;
  // As in the HTTP run: no daily limit and no opening hours, so every issue succeeds at any hour.
  for (const c of await services.categories.list(officeId)) {
    if (c.dailyLimit !== null || c.openingHours !== null)
      await services.categories.update(admin, c.id, { dailyLimit: null, openingHours: null });
  }
  const categories = await services.categories.list(officeId);
  const kiosk = (await services.devices.list(officeId)).find((d) => d.kind === 'kiosk');
  const group = (await services.priorityGroups.list(officeId)).find((g) => g.active);
  const priorityWeight = (await services.offices.settings(officeId)).priorityWeight;
  if (!kiosk || !group) throw new Error('the sample office needs a kiosk and a priority group');
  const actor: Actor = { kind: 'device', id: kiosk.id, officeId, deviceKind: 'kiosk', name: kiosk.name };
  const raw = sqliteOf(t.db);
  const countWaiting = raw.prepare("SELECT count(*) FROM tickets WHERE state = 'waiting'").pluck();
  const waitingBefore = countWaiting.get() as number;
  const probe = prepareProbe();
  const seen = new Map<string, number>();
  const rows: IssueCostRow[] = [];
  const time = async (label: string, fn: (i: number) => unknown) => {
    for (let i = 0; i < 20; i++) await fn(i); // warm-up
    probe.reset();
    const samples: number[] = [];
    for (let i = 0; i < calls; i++) {
      const started = performance.now();
      await fn(i);
      samples.push(performance.now() - started);
    }
    for (const [k, v] of probe.stats.sources) seen.set(k, Math.max(seen.get(k) ?? 0, v));
    rows.push({
      label,
      latency: summarize(samples),
      preparesPerCall: probe.stats.calls / calls,
      prepareMsPerCall: probe.stats.ms / calls,
    });
  };
  try {
    const category = (i: number) => categories[i % categories.length] as (typeof categories)[number];
    await time('issue, regular (with its commit)', (i) =>
      services.tickets.issue(actor, { categoryId: category(i).id }),
    );
    await time('issue, priority (with its commit)', (i) =>
      services.tickets.issue(actor, { categoryId: category(i).id, priorityGroupId: group.id }),
    );
    const draft = (i: number, weight: number) => ({
      id: randomBytes(16).toString('base64url'),
      code: '',
      categoryId: category(i).id,
      weight,
      queuedAt: t.clock.now(),
      targetCounterId: null,
    });
    await time('  estimate() alone, regular', (i) =>
      services.queue.estimate(officeId, category(i), draft(i, 1), t.clock.now(), true),
    );
    await time('  estimate() alone, priority', (i) =>
      services.queue.estimate(officeId, category(i), draft(i, priorityWeight), t.clock.now(), true),
    );
    const waitingIds = raw
      .prepare(
        "SELECT id FROM tickets WHERE state = 'waiting' AND target_counter_id IS NULL ORDER BY random() LIMIT ?",
      )
      .pluck()
      .all(calls + 20) as string[];
    await time('publicStatus() of a waiting ticket (QR page, info)', (i) =>
      services.tickets.publicStatus(waitingIds[i % waitingIds.length] as string),
    );
  } finally {
    probe.restore();
  }
  return {
    waitingBefore,
    waitingAfter: countWaiting.get() as number,
    rows,
    preparedEachCall: [...seen].filter(([, n]) => n >= calls).map(([k]) => k),
  };
}
