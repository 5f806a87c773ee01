import { MemoryPrinter } from '@numerek/hardware';
import { buildServices, connectDatabase, loadConfig, PostgresDb, systemClock } from '@numerek/server';
import { dropDatabase, newDatabase, type PostgresServer } from '@numerek/server/testing/postgres';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import { processCpuSeconds, startServer } from './issue-throughput.ts';
import { pgCpuSeconds, pgRunQueueSeconds, runQueueSeconds } from './postgres.ts';
import { sleep } from './stats.ts';

type Services = ReturnType<typeof buildServices>;
type UserActor = Parameters<Services['users']['create']>[0];

export interface OfficesOptions {
  /** Loops issuing tickets per office, each with its own staff session (no printing). */
  issuers: number;
  /** Counters per office, each opened by its own clerk who calls, starts and finishes in a loop. */
  clerks: number;
  /** Untimed seconds at the start of every phase. */
  warmupSeconds: number;
  /** Timed seconds of every phase. */
  seconds: number;
  /** Share of tickets issued with a priority group. */
  priorityShare: number;
}

export interface OfficeFigures {
  office: string;
  /** Answered requests per second in the timed window: issue, next, start and finish. */
  actionsPerSecond: number;
  issuedPerSecond: number;
  /** `next` answers that called somebody, per second. */
  calledPerSecond: number;
  /** `next` answers with nobody waiting. */
  emptyNexts: number;
  failures: number;
  firstFailure: string | null;
  /** Waiting tickets at the end of the phase. */
  waitingAtEnd: number;
}

/**
 * Where the server's writes were, sampled every few milliseconds from PostgreSQL's side: the mean
 * number of its connections inside a write's transaction (which holds its office's lock from its
 * first statement to COMMIT), by what they were doing.
 */
export interface TransactionSamples {
  samples: number;
  meanOpen: number;
  /** Running a statement on the server (CPU or reading). */
  meanActive: number;
  /** Waiting for the WAL to reach the disk (COMMIT). */
  meanWalWait: number;
  /** Idle in the transaction: waiting for the Node process to send the next statement. */
  meanIdleInTransaction: number;
  /** Waiting for another transaction's lock (the advisory lock of an office, a row). */
  meanLockWait: number;
  /** Statements running on their own, outside any write (reads). */
  meanReads: number;
}

export interface OfficesPhase {
  label: string;
  offices: OfficeFigures[];
  seconds: number;
  /** CPU the server process, PostgreSQL and this process used per second of the timed window. */
  serverCpuShare: number | null;
  pgCpuShare: number | null;
  loaderCpuShare: number;
  /**
   * Time ready to run but waiting for a core, per second of the window: the server's main thread
   * (its event loop), and PostgreSQL's processes summed.
   */
  serverRunQueueShare: number | null;
  pgRunQueueShare: number | null;
  transactions: TransactionSamples;
}

export interface OfficesResult {
  phases: OfficesPhase[];
  /** Mean actions/s of one office alone (before and after the two offices). */
  aloneActionsPerSecond: number;
  together: OfficesPhase;
  verify: { duplicateNumbers: number; gaps: number; calledTwice: number; ok: boolean };
}

const PASSWORD = 'bench-office-password';
// Hashes made here carry their own cost, so the server checks them as quickly as they were made.
export const PASSWORD_COST = { N: 2 ** 10 };

interface BenchOffice {
  id: string;
  name: string;
  categoryIds: string[];
  groupIds: string[];
  counterIds: string[];
  issuerCookies: string[];
  clerkCookies: string[];
}

export async function signIn(origin: string, username: string): Promise<string> {
  const res = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in of ${username}: HTTP ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/**
 * A new office set up as a central administrator would: the sample office's categories (without
 * daily limits or opening hours, so every issue succeeds), its priority groups, `clerks` counters
 * serving every category, and a staff account per loop, each having chosen its password.
 */
export async function createOffice(
  services: Services,
  central: UserActor,
  template: string,
  name: string,
  opts: OfficesOptions,
): Promise<Omit<BenchOffice, 'issuerCookies' | 'clerkCookies'> & { usernames: string[][] }> {
  // Made as a central administrator makes an office (the bench acts with the template's administrator).
  const office = await services.offices.create(
    { kind: 'central', id: central.id, displayName: central.displayName, username: central.username },
    { name },
  );
  const actor: UserActor = { ...central, officeId: office.id };
  const categoryIds: string[] = [];
  for (const c of await services.categories.list(template)) {
    const created = await services.categories.create(actor, {
      prefix: c.prefix,
      names: c.names,
      pictogram: c.pictogram,
      maxWaitMinutes: c.maxWaitMinutes,
    });
    categoryIds.push(created.id);
  }
  const groupIds: string[] = [];
  for (const g of await services.priorityGroups.list(template)) {
    const created = await services.priorityGroups.create(actor, {
      names: g.names,
      pictogram: g.pictogram,
      ...(g.legalBasis ? { legalBasis: g.legalBasis } : {}),
    });
    groupIds.push(created.id);
  }
  const counterIds: string[] = [];
  for (let i = 0; i < opts.clerks; i++) {
    const c = await services.counters.create(actor, {
      name: `Stanowisko ${i + 1}`,
      number: i + 1,
      categoryIds,
    });
    counterIds.push(c.id);
  }
  const usernames: string[][] = [[], []];
  const tag = office.id
    .slice(0, 6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x');
  for (const [k, count] of [opts.issuers, opts.clerks].entries()) {
    for (let i = 0; i < count; i++) {
      const username = `bench.${tag}.${k === 0 ? 'issuer' : 'clerk'}${i + 1}`;
      const given = `given-${PASSWORD}`;
      const user = await services.users.create(actor, { username, password: given, role: 'clerk' });
      // An account made by someone else chooses its own password before it may do anything.
      const own: UserActor = {
        kind: 'user',
        id: user.id,
        officeId: office.id,
        role: 'clerk',
        displayName: user.displayName,
        username,
      };
      await services.users.changeOwnPassword(
        own,
        { currentPassword: given, newPassword: PASSWORD },
        undefined,
      );
      usernames[k]?.push(username);
    }
  }
  return { id: office.id, name, categoryIds, groupIds, counterIds, usernames };
}

interface Counts {
  actions: number;
  issued: number;
  called: number;
  emptyNexts: number;
  failures: number;
  firstFailure: string | null;
}

/**
 * One office at full speed until `end`: each issuing loop posts a ticket as soon as the last one
 * was answered; each clerk calls the next client, starts and finishes the service, and calls
 * again. Only answers that arrive between `from` and `end` count.
 */
async function runOffice(
  origin: string,
  office: BenchOffice,
  opts: OfficesOptions,
  from: number,
  end: number,
) {
  const pool = new Pool(origin, { connections: opts.issuers + opts.clerks, pipelining: 1 });
  const counts: Counts = { actions: 0, issued: 0, called: 0, emptyNexts: 0, failures: 0, firstFailure: null };
  const post = async (cookie: string, url: string, body?: unknown) => {
    const res = await pool.request({
      method: 'POST',
      path: url,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.body.text();
    const now = performance.now();
    const counted = now >= from && now <= end;
    if (res.statusCode >= 300) {
      if (counted) counts.failures++;
      counts.firstFailure ??= `${url}: HTTP ${res.statusCode} ${text.slice(0, 300)}`;
      return null;
    }
    if (counted) counts.actions++;
    return { counted, body: text };
  };
  const everyNth = Math.round(1 / opts.priorityShare);
  let issuedSoFar = 0;
  const issuer = async (cookie: string) => {
    while (performance.now() < end) {
      const i = issuedSoFar++;
      const group = i % everyNth === everyNth - 1 ? office.groupIds[i % office.groupIds.length] : undefined;
      const r = await post(cookie, '/api/tickets', {
        categoryId: office.categoryIds[i % office.categoryIds.length],
        ...(group ? { priorityGroupId: group } : {}),
      });
      if (r?.counted) counts.issued++;
    }
  };
  const clerk = async (cookie: string, counterId: string) => {
    while (performance.now() < end) {
      const r = await post(cookie, `/api/counters/${counterId}/next`);
      if (!r) continue;
      const { ticket } = JSON.parse(r.body) as { ticket: unknown };
      if (!ticket) {
        if (r.counted) counts.emptyNexts++;
        continue;
      }
      if (r.counted) counts.called++;
      await post(cookie, `/api/counters/${counterId}/start`);
      await post(cookie, `/api/counters/${counterId}/finish`);
    }
  };
  await Promise.all([
    ...office.issuerCookies.map((c) => issuer(c)),
    ...office.clerkCookies.map((c, i) => clerk(c, office.counterIds[i] as string)),
  ]);
  await pool.close();
  return counts;
}

/** Samples pg_stat_activity for Numerek's connections until `stop` resolves. */
async function sampleTransactions(serverUrl: string, database: string, stop: Promise<void>) {
  const db = new PostgresDb(serverUrl, { max: 1 });
  const sums = { samples: 0, open: 0, active: 0, walWait: 0, idle: 0, lockWait: 0, reads: 0 };
  let running = true;
  void stop.then(() => (running = false));
  try {
    while (running) {
      const row = await db.get<{
        open: number;
        active: number;
        wal: number;
        idle: number;
        lock: number;
        reads: number;
      }>(
        // A write is an explicit transaction: idle in it, or running a statement other than its
        // first; a statement whose transaction started with it runs on its own (a read outside a write).
        `WITH c AS (
           SELECT state, wait_event_type, wait_event,
                  (state LIKE 'idle in transaction%' OR (state = 'active' AND xact_start < query_start)) AS in_write
             FROM pg_stat_activity WHERE datname = ? AND application_name = 'numerek')
         SELECT count(*) FILTER (WHERE in_write) AS open,
                count(*) FILTER (WHERE in_write AND state = 'active' AND wait_event_type IS DISTINCT FROM 'Lock'
                                   AND wait_event IS DISTINCT FROM 'WALSync' AND wait_event IS DISTINCT FROM 'WALWrite'
                                   AND wait_event IS DISTINCT FROM 'WALInsert') AS active,
                count(*) FILTER (WHERE in_write AND state = 'active'
                                   AND wait_event IN ('WALSync', 'WALWrite', 'WALInsert')) AS wal,
                count(*) FILTER (WHERE in_write AND state LIKE 'idle in transaction%') AS idle,
                count(*) FILTER (WHERE in_write AND wait_event_type = 'Lock') AS lock,
                count(*) FILTER (WHERE NOT in_write AND state = 'active') AS reads
           FROM c`,
        [database],
      );
      if (row) {
        sums.samples++;
        sums.open += Number(row.open);
        sums.active += Number(row.active);
        sums.walWait += Number(row.wal);
        sums.idle += Number(row.idle);
        sums.lockWait += Number(row.lock);
        sums.reads += Number(row.reads);
      }
      await sleep(10);
    }
  } finally {
    await db.close();
  }
  const mean = (x: number) => (sums.samples ? x / sums.samples : Number.NaN);
  return {
    samples: sums.samples,
    meanOpen: mean(sums.open),
    meanActive: mean(sums.active),
    meanWalWait: mean(sums.walWait),
    meanIdleInTransaction: mean(sums.idle),
    meanLockWait: mean(sums.lockWait),
    meanReads: mean(sums.reads),
  };
}

/**
 * Offices must not wait for each other: one office alone at full speed through the real server
 * on PostgreSQL, then two other offices of the same shape at the same time, then one more alone;
 * each office of the pair is compared with the mean of the two alone.
 */
export async function measureOffices(
  pg: PostgresServer,
  opts: OfficesOptions,
  log: (line: string) => void,
): Promise<OfficesResult> {
  const url = await newDatabase({ serverUrl: pg.adminUrl });
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const server = await startServer({ databaseUrl: url });
  const setupDir = mkdtempSync(path.join(tmpdir(), 'numerek-bench-offices-'));
  let stopped = false;
  try {
    // The offices are made in this process, on the same database, by the sample office's
    // administrator acting for each new office (an installation's central administrator).
    const config = loadConfig({ DATA_DIR: setupDir, DATABASE_URL: url, LOG_LEVEL: 'silent' });
    const db = await connectDatabase({ engine: 'postgres', url });
    const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };
    const services = buildServices(
      { config, db, clock: systemClock, printer: new MemoryPrinter(), passwordCost: PASSWORD_COST },
      silent,
    );
    const made: Array<Awaited<ReturnType<typeof createOffice>>> = [];
    try {
      const sample = (await services.offices.list())[0];
      if (!sample) throw new Error('the server made no sample office');
      const admin = (await services.users.list(sample.id)).find((u) => u.role === 'admin');
      if (!admin) throw new Error('the sample office has no administrator');
      const central: UserActor = {
        kind: 'user',
        id: admin.id,
        officeId: sample.id,
        role: 'admin',
        displayName: admin.displayName,
        username: admin.username,
      };
      for (const name of ['Filia 1', 'Filia 2', 'Filia 3', 'Filia 4'])
        made.push(await createOffice(services, central, sample.id, name, opts));
    } finally {
      await services.writes.drain();
      await db.close();
    }
    const offices: BenchOffice[] = [];
    for (const o of made) {
      // One at a time: the server checks only a few passwords at once and refuses the rest.
      const cookies: string[] = [];
      for (const username of o.usernames.flat()) cookies.push(await signIn(server.origin, username));
      const office: BenchOffice = {
        ...o,
        issuerCookies: cookies.slice(0, opts.issuers),
        clerkCookies: cookies.slice(opts.issuers),
      };
      for (const [i, counterId] of office.counterIds.entries()) {
        const res = await fetch(`${server.origin}/api/counters/${counterId}/open`, {
          method: 'POST',
          headers: { cookie: office.clerkCookies[i] ?? '', 'content-type': 'application/json' },
          body: '{}',
        });
        if (!res.ok)
          throw new Error(`opening a counter of ${o.name}: HTTP ${res.status} ${await res.text()}`);
      }
      offices.push(office);
    }
    log(
      `  server pid ${server.child.pid} on ${server.origin}; ${offices.length} offices of ${made[0]?.categoryIds.length ?? 0} categories, ${opts.issuers} issuing loops and ${opts.clerks} clerks each`,
    );

    const waitingIn = async (officeId: string) => {
      const check = new PostgresDb(url, { max: 1 });
      try {
        return Number(
          await check.value("SELECT count(*) FROM tickets WHERE office_id = ? AND state = 'waiting'", [
            officeId,
          ]),
        );
      } finally {
        await check.close();
      }
    };
    const phase = async (label: string, group: BenchOffice[]): Promise<OfficesPhase> => {
      log(`  ${label}: ${opts.warmupSeconds} s warm-up + ${opts.seconds} s…`);
      const started = performance.now();
      const from = started + opts.warmupSeconds * 1000;
      const end = from + opts.seconds * 1000;
      const snapshot = () => {
        const loader = process.cpuUsage();
        return {
          server: processCpuSeconds(server.child.pid),
          pg: pgCpuSeconds(pg),
          loader: (loader.user + loader.system) / 1e6,
          serverWaiting: runQueueSeconds(server.child.pid),
          pgWaiting: pgRunQueueSeconds(pg),
        };
      };
      type Snapshot = ReturnType<typeof snapshot>;
      const at = (ms: number) => sleep(ms - performance.now()).then(snapshot);
      const cpu: Promise<[Snapshot, Snapshot]> = Promise.all([at(from), at(end)]);
      let stopSampling: () => void = () => undefined;
      const samplingStopped = new Promise<void>((resolve) => (stopSampling = resolve));
      const sampler = sleep(from - performance.now()).then(() =>
        sampleTransactions(pg.adminUrl, database, samplingStopped),
      );
      void sleep(end - performance.now()).then(() => stopSampling());
      const counts = await Promise.all(group.map((o) => runOffice(server.origin, o, opts, from, end)));
      const [a, b] = await cpu;
      const transactions = await sampler;
      const share = (x: number | null, y: number | null) =>
        x === null || y === null ? null : (y - x) / opts.seconds;
      const figures: OfficeFigures[] = [];
      for (const [i, c] of counts.entries()) {
        const o = group[i] as BenchOffice;
        figures.push({
          office: o.name,
          actionsPerSecond: c.actions / opts.seconds,
          issuedPerSecond: c.issued / opts.seconds,
          calledPerSecond: c.called / opts.seconds,
          emptyNexts: c.emptyNexts,
          failures: c.failures,
          firstFailure: c.firstFailure,
          waitingAtEnd: await waitingIn(o.id),
        });
      }
      return {
        label,
        offices: figures,
        seconds: opts.seconds,
        serverCpuShare: share(a.server, b.server),
        pgCpuShare: share(a.pg, b.pg),
        loaderCpuShare: (b.loader - a.loader) / opts.seconds,
        serverRunQueueShare: share(a.serverWaiting, b.serverWaiting),
        pgRunQueueShare: share(a.pgWaiting, b.pgWaiting),
        transactions,
      };
    };
    const [o1, o2, o3, o4] = offices as [BenchOffice, BenchOffice, BenchOffice, BenchOffice];
    const aloneBefore = await phase(`${o1.name} alone`, [o1]);
    const together = await phase(`${o2.name} and ${o3.name} at the same time`, [o2, o3]);
    const aloneAfter = await phase(`${o4.name} alone`, [o4]);

    const code = await server.stop();
    stopped = true;
    if (code !== 0) throw new Error(`the server exited with code ${code} on SIGTERM\n${server.output()}`);
    const verify = await verifyOffices(url);
    const alone = [aloneBefore, aloneAfter].map((p) => p.offices[0]?.actionsPerSecond ?? Number.NaN);
    return {
      phases: [aloneBefore, together, aloneAfter],
      aloneActionsPerSecond: ((alone[0] ?? Number.NaN) + (alone[1] ?? Number.NaN)) / 2,
      together,
      verify,
    };
  } finally {
    if (!stopped) await server.stop().catch(() => undefined);
    rmSync(server.dataDir, { recursive: true, force: true });
    rmSync(setupDir, { recursive: true, force: true });
    await dropDatabase(url, pg.adminUrl).catch(() => undefined);
  }
}

/** Numbers unique and without gaps per (category, day), and no ticket called twice, in every office. */
async function verifyOffices(url: string): Promise<OfficesResult['verify']> {
  const db = new PostgresDb(url, { max: 1 });
  try {
    const duplicateNumbers = Number(
      await db.value(
        'SELECT count(*) FROM (SELECT 1 FROM tickets GROUP BY category_id, service_day, number HAVING count(*) > 1) AS d',
      ),
    );
    const gaps = Number(
      await db.value(
        'SELECT count(*) FROM (SELECT 1 FROM tickets GROUP BY category_id, service_day HAVING count(*) <> max(number)) AS g',
      ),
    );
    const calledTwice = Number(
      await db.value(
        "SELECT count(*) FROM (SELECT 1 FROM ticket_events WHERE type = 'called' GROUP BY ticket_id HAVING count(*) > 1) AS c",
      ),
    );
    return {
      duplicateNumbers,
      gaps,
      calledTwice,
      ok: duplicateNumbers === 0 && gaps === 0 && calledTwice === 0,
    };
  } finally {
    await db.close();
  }
}
