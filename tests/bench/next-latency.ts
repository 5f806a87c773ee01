import { PostgresDb, type Services } from '@numerek/server';
import { createTestApp, type TestApp } from '@numerek/server/testing';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { measureIssueCost, type IssueCostResult } from './issue-cost.ts';
import { setPgSynchronousCommit } from './postgres.ts';
import { pgStatementProbe, prepareProbe, sqliteOf } from './probes.ts';
import { fmt, ms, summarize, type LatencySummary } from './stats.ts';

type UserActor = Parameters<Services['workflow']['next']>[0];

export interface NextOptions {
  /** Waiting tickets kept in the queue while `next` is timed. */
  waiting: number;
  /**
   * A short queue timed first over HTTP (app.inject) in the same app, before the queue grows to
   * `waiting`: what a call costs when few wait, beside what it costs when many do.
   */
  shallowWaiting: number;
  warmup: number;
  calls: number;
  /** Share of waiting tickets with a priority weight (3). */
  priorityShare: number;
  /** Calls per row of the in-process issuing breakdown. */
  issueCalls: number;
}

export interface NextPhase {
  label: string;
  latency: LatencySummary;
  /** Time spent inside the write (from its first statement to its commit), when measured. */
  flush: LatencySummary | null;
  waitingMin: number;
  waitingMax: number;
  /** Which policy rule chose the ticket (from the "called" event). */
  rules: Record<string, number>;
  /**
   * Per timed call: on SQLite the statements compiled (db.prepare); on PostgreSQL the statements
   * sent to the server (each a round trip, BEGIN, the lock, savepoints and COMMIT included).
   */
  preparesPerCall: number;
}

export interface NextResult {
  engine: 'sqlite' | 'postgres';
  counters: number;
  service: NextPhase;
  inject: NextPhase;
  /** The same HTTP calls with only `shallowWaiting` in the queue, timed before it grew. */
  shallowInject: NextPhase;
  /**
   * The same service calls without waiting for the disk (`synchronous = OFF` on SQLite,
   * `synchronous_commit = off` on PostgreSQL): what is left without the fsync (information only).
   */
  serviceNoSync: NextPhase;
  /** Where an issue's time goes (SQLite only: it counts SQLite's statement compilations). */
  issueCost: IssueCostResult | null;
}

/** A row of the `next` table: latency, flush, queue size, statements per call and the rules that chose. */
export function nextPhaseRow(p: NextPhase): string[] {
  return [
    p.label,
    ms(p.latency.p50),
    ms(p.latency.p95),
    ms(p.latency.p99),
    ms(p.latency.max),
    p.flush ? `${ms(p.flush.p50)} / ${ms(p.flush.p99)}` : '',
    `${fmt(p.waitingMin)}–${fmt(p.waitingMax)}`,
    fmt(p.preparesPerCall, 1),
    Object.entries(p.rules)
      .map(([k, v]) => `${k} ${v}`)
      .join(', '),
  ];
}

/** Where `next` is measured: the SQLite file of a test app, or a new database on a PostgreSQL server. */
export type NextTarget = { engine: 'sqlite' } | { engine: 'postgres'; serverUrl: string };

const MINUTE = 60_000;

interface Category {
  id: string;
  prefix: string;
}

type WriteTicket = (category: Category, weight: number, at: number, ahead: number) => void | Promise<void>;

interface TicketWriter {
  one: WriteTicket;
  many: (rows: Array<Parameters<WriteTicket>>) => void | Promise<void>;
}

function serviceDayOf(t: TestApp): (at: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: t.config.officeTimeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (at) => format.format(new Date(at));
}

const LANGUAGES = ['pl', 'pl', 'pl', 'pl', 'en', 'uk'] as const;

/**
 * Realistic waiting tickets straight into the database, the way issuing stores them: the number
 * from the category's series, the ticket row and its "issued" event. Much quicker than 5,000
 * `issue` calls each with its own commit.
 */
function ticketWriter(t: TestApp, kioskId: string): TicketWriter {
  return t.db instanceof PostgresDb ? pgTicketWriter(t, t.db, kioskId) : sqliteTicketWriter(t, kioskId);
}

/** The same rows on PostgreSQL, on a connection of their own, one transaction per call. */
function pgTicketWriter(t: TestApp, db: PostgresDb, kioskId: string): TicketWriter {
  const serviceDay = serviceDayOf(t);
  const write = async (
    client: Parameters<PostgresDb['inTransaction']>[0],
    ...[category, weight, at, ahead]: Parameters<WriteTicket>
  ) => {
    const id = randomBytes(16).toString('base64url');
    const day = serviceDay(at);
    const allocated = await client.query<{ last_number: number }>(
      `INSERT INTO ticket_series (category_id, service_day, last_number) VALUES ($1, $2, 1)
       ON CONFLICT (category_id, service_day) DO UPDATE SET last_number = ticket_series.last_number + 1
       RETURNING last_number`,
      [category.id, day],
    );
    const number = Number(allocated.rows[0]?.last_number);
    const estimateMin = Math.floor(ahead * 2.5 * 0.75);
    await client.query(
      `INSERT INTO tickets (id, office_id, category_id, service_day, number, code, priority_weight, state, language,
         issued_at, queued_at, estimate_min, estimate_max, issued_by_device_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'waiting', $8, $9, $9, $10, $11, $12)`,
      [
        id,
        t.officeId,
        category.id,
        day,
        number,
        `${category.prefix}${String(number).padStart(3, '0')}`,
        weight,
        LANGUAGES[number % LANGUAGES.length],
        at,
        estimateMin,
        Math.max(1, Math.ceil(ahead * 2.5 * 1.25 + 2.5)),
        kioskId,
      ],
    );
    await client.query(
      `INSERT INTO ticket_events (ticket_id, office_id, type, at, actor_kind, actor_id, counter_id, data)
       VALUES ($1, $2, 'issued', $3, 'device', $4, NULL, $5)`,
      [
        id,
        t.officeId,
        at,
        kioskId,
        JSON.stringify({ peopleAhead: ahead, estimate: [estimateMin, Math.ceil(ahead * 3.1)] }),
      ],
    );
  };
  const inTransaction = async (rows: Array<Parameters<WriteTicket>>) => {
    const client = await db.pool.connect();
    try {
      await client.query('BEGIN');
      for (const row of rows) await write(client, ...row);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  };
  return { one: (...row) => inTransaction([row]), many: inTransaction };
}

function sqliteTicketWriter(t: TestApp, kioskId: string): TicketWriter {
  const db = sqliteOf(t.db);
  const allocate = db
    .prepare<[string, string]>(
      `INSERT INTO ticket_series (category_id, service_day, last_number) VALUES (?, ?, 1)
       ON CONFLICT (category_id, service_day) DO UPDATE SET last_number = last_number + 1 RETURNING last_number`,
    )
    .pluck();
  const insert = db.prepare(
    `INSERT INTO tickets (id, office_id, category_id, service_day, number, code, priority_weight, state, language,
       issued_at, queued_at, estimate_min, estimate_max, issued_by_device_id)
     VALUES (@id, @office_id, @category_id, @service_day, @number, @code, @weight, 'waiting', @language,
       @at, @at, @estimate_min, @estimate_max, @device)`,
  );
  const event = db.prepare(
    `INSERT INTO ticket_events (ticket_id, office_id, type, at, actor_kind, actor_id, counter_id, data)
     VALUES (?, ?, 'issued', ?, 'device', ?, NULL, ?)`,
  );
  const serviceDay = serviceDayOf(t);
  const write = (category: Category, weight: number, at: number, ahead: number) => {
    const id = randomBytes(16).toString('base64url');
    const service_day = serviceDay(at);
    const number = allocate.get(category.id, service_day) as number;
    const estimateMin = Math.floor(ahead * 2.5 * 0.75);
    insert.run({
      id,
      office_id: t.officeId,
      category_id: category.id,
      service_day,
      number,
      code: `${category.prefix}${String(number).padStart(3, '0')}`,
      weight,
      language: LANGUAGES[number % LANGUAGES.length],
      at,
      estimate_min: estimateMin,
      estimate_max: Math.max(1, Math.ceil(ahead * 2.5 * 1.25 + 2.5)),
      device: kioskId,
    });
    event.run(
      id,
      t.officeId,
      at,
      kioskId,
      JSON.stringify({ peopleAhead: ahead, estimate: [estimateMin, Math.ceil(ahead * 3.1)] }),
    );
  };
  return {
    one: write,
    many: db.transaction((rows: Array<Parameters<typeof write>>) => rows.forEach((r) => write(...r))),
  };
}

export async function measureNextLatency(
  opts: NextOptions,
  log: (line: string) => void,
  target: NextTarget = { engine: 'sqlite' },
): Promise<NextResult> {
  // On PostgreSQL the test app makes its database on the server named by the test variables.
  const t = await createTestApp();
  if (t.db instanceof PostgresDb !== (target.engine === 'postgres')) {
    await t.close();
    throw new Error(`the test app is not on ${target.engine}`);
  }
  try {
    const { services } = t.app;
    const officeId = t.officeId;
    const raw = target.engine === 'sqlite' ? sqliteOf(t.db) : null;
    const categories: Category[] = (await services.categories.list(officeId)).map((c) => ({
      id: c.id,
      prefix: c.prefix,
    }));
    const kioskId = (await services.devices.list(officeId)).find((d) => d.kind === 'kiosk')?.id;
    if (!kioskId) throw new Error('the sample office has no kiosk');
    const writer = ticketWriter(t, kioskId);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
    const weight = () => (Math.random() < opts.priorityShare ? 3 : 1);

    // 1. The queue: `count` more tickets over the last two hours, mixed categories and weights;
    // first the short queue, later topped up to opts.waiting.
    const ahead = new Map<string, number>();
    const fill = async (count: number) => {
      const now = t.clock.now();
      const times = Array.from({ length: count }, () => now - Math.floor(Math.random() * 120 * MINUTE)).sort(
        (a, b) => a - b,
      );
      await writer.many(
        times.map((at) => {
          const c = pick(categories);
          const n = ahead.get(c.id) ?? 0;
          ahead.set(c.id, n + 1);
          return [c, weight(), at, n] as Parameters<typeof writer.one>;
        }),
      );
    };
    await fill(opts.shallowWaiting);
    const countWaitingSql = "SELECT count(*) FROM tickets WHERE state = 'waiting'";
    const countWaiting: () => number | Promise<number> = raw
      ? (() => {
          const statement = raw.prepare(countWaitingSql).pluck();
          return () => statement.get() as number;
        })()
      : async () => Number(await t.db.value(countWaitingSql));
    const ruleOf: (ticketId: string) => unknown = raw
      ? (() => {
          const statement = raw
            .prepare<[string]>(
              "SELECT json_extract(data, '$.rule') FROM ticket_events WHERE ticket_id = ? AND type = 'called' ORDER BY id DESC LIMIT 1",
            )
            .pluck();
          return (ticketId: string) => statement.get(ticketId);
        })()
      : async (ticketId: string) => {
          const data = await t.db.value<string>(
            "SELECT data FROM ticket_events WHERE ticket_id = ? AND type = 'called' ORDER BY id DESC LIMIT 1",
            [ticketId],
          );
          return data ? (JSON.parse(data) as { rule?: unknown }).rule : undefined;
        };

    // 2. Six counters, each opened by its own clerk (a clerk may have only one counter open).
    const users = await services.users.list(officeId);
    const admin = users.find((u) => u.id === t.userId.admin);
    if (!admin) throw new Error('no admin in the sample office');
    const adminActor: UserActor = {
      kind: 'user',
      id: admin.id,
      officeId,
      role: 'admin',
      displayName: admin.displayName,
      username: admin.username,
    };
    const counterIds = Object.keys(t.counter)
      .map(Number)
      .sort((a, b) => a - b)
      .map((n) => t.counter[n] as string);
    const password = 'bench-clerk-password';
    const clerks: Array<{ actor: UserActor; cookie: string }> = [];
    for (const [who, id] of [
      ['clerk', t.userId.clerk],
      ['clerk2', t.userId.clerk2],
    ] as const) {
      const u = users.find((x) => x.id === id);
      if (!u) throw new Error(`no ${who} in the sample office`);
      clerks.push({
        actor: {
          kind: 'user',
          id: u.id,
          officeId,
          role: 'clerk',
          displayName: u.displayName,
          username: u.username,
        },
        cookie: t.headers(who).cookie ?? '',
      });
    }
    for (let i = clerks.length; i < counterIds.length; i++) {
      const username = `bench.clerk${i + 1}`;
      // Made by the administrator, signed in, with a password its user chose.
      const { id, cookie } = await t.addStaff(username, 'clerk', password);
      clerks.push({
        actor: { kind: 'user', id, officeId, role: 'clerk', displayName: username, username },
        cookie,
      });
    }
    for (const [i, counterId] of counterIds.entries())
      await services.counterSessions.open((clerks[i] as { actor: UserActor }).actor, counterId, {});
    const announce = async () =>
      log(
        `  ${await countWaiting()} tickets waiting in ${categories.length} categories; ${counterIds.length} counters open`,
      );
    await announce();

    // Time spent inside each write, from its first statement to its commit.
    const flushTimes: number[] = [];
    const writes = services.writes;
    const originalWrite = writes.write;
    writes.write = async <T>(
      fn: () => Promise<T> | T,
      opts?: Parameters<typeof originalWrite>[1],
    ): Promise<T> => {
      let started = 0;
      const value = await originalWrite.call<typeof writes, [() => Promise<T> | T, typeof opts], Promise<T>>(
        writes,
        () => {
          started = performance.now();
          return fn();
        },
        opts,
      );
      flushTimes.push(performance.now() - started);
      return value;
    };

    const probe = raw ? prepareProbe() : await pgStatementProbe(t.db as PostgresDb);
    let call = 0;
    const phase = async (
      label: string,
      via: (k: number) => Promise<{ id: string; categoryId: string }>,
    ): Promise<NextPhase> => {
      const samples: number[] = [];
      const flushes: number[] = [];
      const rules: Record<string, number> = {};
      let waitingMin = Number.POSITIVE_INFINITY;
      let waitingMax = 0;
      let prepares = 0;
      for (let i = 0; i < opts.warmup + opts.calls; i++) {
        const k = call++ % counterIds.length;
        const { actor } = clerks[k] as { actor: UserActor };
        const counterId = counterIds[k] as string;
        t.clock.advance(2_000 + Math.floor(Math.random() * 4_000));
        if (i >= opts.warmup && i % 50 === 0) {
          const w = await countWaiting();
          waitingMin = Math.min(waitingMin, w);
          waitingMax = Math.max(waitingMax, w);
        }
        flushTimes.length = 0;
        probe.reset();
        const started = performance.now();
        const called = await via(k);
        const elapsed = performance.now() - started;
        if (i >= opts.warmup) {
          prepares += probe.stats.calls;
          samples.push(elapsed);
          flushes.push(flushTimes.reduce((s, x) => s + x, 0));
          const rule = String((await ruleOf(called.id)) ?? 'unknown');
          rules[rule] = (rules[rule] ?? 0) + 1;
        }
        // Free the counter (not timed): a no-show now and then, otherwise a finished service.
        if (i % 4 === 0) await services.workflow.noShow(actor, counterId);
        else {
          await services.workflow.start(actor, counterId);
          await services.workflow.finish(actor, counterId);
        }
        // One arrives as one leaves: the queue stays at its size.
        const category = categories.find((c) => c.id === called.categoryId) ?? pick(categories);
        await writer.one(category, weight(), t.clock.now(), ahead.get(category.id) ?? 0);
      }
      return {
        label,
        latency: summarize(samples),
        flush: summarize(flushes),
        waitingMin,
        waitingMax,
        rules,
        preparesPerCall: prepares / opts.calls,
      };
    };

    const viaService = async (k: number) => {
      const r = await services.workflow.next(
        (clerks[k] as { actor: UserActor }).actor,
        counterIds[k] as string,
      );
      if (!r.ticket) throw new Error(`next at counter ${k + 1} called nobody`);
      return { id: r.ticket.id, categoryId: r.ticket.categoryId };
    };
    const viaInject = async (k: number) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/counters/${counterIds[k]}/next`,
        headers: { cookie: (clerks[k] as { cookie: string }).cookie },
      });
      if (res.statusCode !== 200)
        throw new Error(`POST next at counter ${k + 1}: HTTP ${res.statusCode} ${res.body}`);
      const body = res.json<{ ticket: { id: string; categoryId: string } | null }>();
      if (!body.ticket) throw new Error(`next at counter ${k + 1} called nobody`);
      return { id: body.ticket.id, categoryId: body.ticket.categoryId };
    };

    const shallowInject = await phase(
      `POST /api/counters/:id/next (inject), ${fmt(opts.shallowWaiting)} waiting`,
      viaInject,
    );
    // Called tickets were replaced as they left: the queue is still the short one.
    await fill(opts.waiting - (await countWaiting()));
    await announce();
    const service = await phase('services.workflow.next', viaService);
    const inject = await phase(
      `POST /api/counters/:id/next (inject), ${fmt(opts.waiting)} waiting`,
      viaInject,
    );
    const durable = async (on: boolean) => {
      if (target.engine === 'postgres') await setPgSynchronousCommit(target.serverUrl, on);
      else raw?.pragma(`synchronous = ${on ? 'FULL' : 'OFF'}`);
    };
    await durable(false);
    const serviceNoSync = await phase(
      `services.workflow.next, ${raw ? 'synchronous=OFF' : 'synchronous_commit=off'}`,
      viaService,
    ).finally(() => durable(true));
    writes.write = originalWrite;
    probe.restore();
    const issueCost = raw ? await measureIssueCost(t, adminActor, opts.issueCalls) : null;
    return {
      engine: target.engine,
      counters: counterIds.length,
      service,
      inject,
      shallowInject,
      serviceNoSync,
      issueCost,
    };
  } finally {
    await t.close();
  }
}
