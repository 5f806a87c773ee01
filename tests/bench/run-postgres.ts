/**
 * The PostgreSQL half of `npm run bench` (run.ts calls it): a throwaway PostgreSQL server that
 * commits durably, its raw commit floor, issuing over HTTP through the real server with
 * DATABASE_URL, `next` in-process on a PostgreSQL database, and two offices at full speed beside
 * one alone. Every figure is printed beside its floor or baseline from the same run.
 */
import { dropDatabase, newDatabase, type PostgresServer } from '@numerek/server/testing/postgres';
import { measureHttpIssuing, type IssueOptions, type IssueResult } from './issue-throughput.ts';
import { measureNextLatency, nextPhaseRow, type NextOptions, type NextResult } from './next-latency.ts';
import { measureOffices, type OfficesOptions, type OfficesResult } from './offices.ts';
import { onTestPostgres, startBenchPostgres } from './postgres.ts';
import {
  measurePgRawCommits,
  pgCommitSettings,
  serverPoolSize,
  type PgRawCommitResult,
} from './raw-commit-pg.ts';
import type { RawCommitResult } from './raw-commit.ts';
import { fmt, ms, table } from './stats.ts';

/** What the SQLite half measured in the same run, for the table of both engines. */
export interface SqliteFigures {
  rawBefore: RawCommitResult | null;
  rawAfter: RawCommitResult | null;
  http: IssueResult | null;
  next: NextResult | null;
}

export interface PostgresBenchOptions {
  rawCommits: number;
  http: IssueOptions;
  next: NextOptions;
  offices: OfficesOptions;
  /** Each of two offices must keep this share of what one office does alone. */
  targetOfficesRatio: number;
  /** `next` over HTTP with the long queue may take at most this many times its time with the short one. */
  targetNextDeepRatio: number;
}

type Out = (line?: string) => void;
type Verdict = (ok: boolean, text: string) => void;

const describe = (error: unknown) =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

function rawRow(label: string, r: PgRawCommitResult): string[] {
  return [
    label,
    fmt(r.connections),
    fmt(r.commits),
    `${fmt(r.seconds, 2)} s`,
    fmt(r.perSecond),
    ms(r.latency.p50),
    ms(r.latency.p99),
    ms(r.latency.max),
  ];
}

const mean = (xs: ReadonlyArray<number | undefined>) => {
  const ys = xs.filter((x): x is number => x !== undefined);
  return ys.length ? ys.reduce((s, x) => s + x, 0) / ys.length : Number.NaN;
};

export async function benchPostgres(
  runs: (part: 'pg-issue' | 'pg-next' | 'pg-offices') => boolean,
  opts: PostgresBenchOptions,
  sqlite: SqliteFigures,
  out: Out,
  verdict: Verdict,
): Promise<void> {
  out('[pg] starting a throwaway PostgreSQL server that commits durably (fsync on, on disk)…');
  let pg: PostgresServer;
  try {
    const started = await startBenchPostgres();
    if ('skipped' in started) {
      out(`  PostgreSQL skipped: ${started.skipped}`);
      out();
      return;
    }
    pg = started.server;
  } catch (error) {
    out(`  PostgreSQL did not start: ${describe(error)}`);
    verdict(false, 'PostgreSQL: the benchmark server did not start');
    return;
  }
  try {
    const settings = await pgCommitSettings(pg.adminUrl);
    const pool = serverPoolSize(pg.adminUrl);
    out(
      `  PostgreSQL ${settings.version} in ${pg.dir}; fsync=${settings.fsync}, synchronous_commit=${settings.synchronousCommit}, wal_sync_method=${settings.walSyncMethod}, commit_delay=${settings.commitDelay}; the server's pool: ${pool} connections`,
    );
    if (settings.fsync !== 'on' || settings.synchronousCommit !== 'on')
      verdict(false, 'PostgreSQL: the benchmark server does not commit durably');
    const raw = async () => ({
      pool: await measurePgRawCommits(pg.adminUrl, opts.rawCommits, pool),
      one: await measurePgRawCommits(pg.adminUrl, opts.rawCommits, 1),
    });

    type Raw = Awaited<ReturnType<typeof raw>>;
    let rawBefore: Raw | null = null;
    let rawAfter: Raw | null = null;
    let rawAfterNext: Raw | null = null;
    let http: IssueResult | null = null;
    let next: NextResult | null = null;
    let offices: OfficesResult | null = null;
    const step = (n: number, text: string) => out(`[pg ${n}/6] ${text}`);

    if (runs('pg-issue')) {
      step(1, `raw durable commits (${fmt(opts.rawCommits)} from ${pool} connections, then from 1)…`);
      rawBefore = await raw();
      step(
        2,
        `HTTP issuing with DATABASE_URL: ${fmt(opts.http.warmup)} warm-up + ${fmt(opts.http.requests)} requests over ${opts.http.connections} connections…`,
      );
      try {
        const url = await newDatabase({ serverUrl: pg.adminUrl });
        try {
          http = await measureHttpIssuing(opts.http, out, { databaseUrl: url });
        } finally {
          await dropDatabase(url, pg.adminUrl).catch(() => undefined);
        }
      } catch (error) {
        out(`  HTTP run on PostgreSQL failed: ${describe(error)}`);
      }
      step(3, 'raw durable commits again…');
      rawAfter = await raw();
    }
    if (runs('pg-next')) {
      step(4, `next latency in-process on a PostgreSQL database with ${fmt(opts.next.waiting)} waiting…`);
      try {
        next = await onTestPostgres(pg.adminUrl, () =>
          measureNextLatency(opts.next, out, { engine: 'postgres', serverUrl: pg.adminUrl }),
        );
      } catch (error) {
        out(`  next run on PostgreSQL failed: ${describe(error)}`);
        verdict(false, 'PostgreSQL next: the run did not complete');
      }
      step(5, 'raw durable commits once more (the disk right after the next run)…');
      rawAfterNext = await raw();
    }
    if (runs('pg-offices')) {
      const o = opts.offices;
      step(
        6,
        `offices at full speed: ${o.issuers} issuing loops + ${o.clerks} clerks per office, one office alone, two together, one alone again…`,
      );
      try {
        offices = await measureOffices(pg, o, out);
      } catch (error) {
        out(`  the offices run failed: ${describe(error)}`);
        verdict(false, 'PostgreSQL offices: the run did not complete');
      }
    }
    out();

    // The raw commit floor.
    const rows = [
      ...(rawBefore ? [rawBefore] : []),
      ...(rawAfter ? [rawAfter] : []),
      ...(rawAfterNext ? [rawAfterNext] : []),
    ];
    const labels = [
      ...(rawBefore ? ['before the HTTP run'] : []),
      ...(rawAfter ? ['after the HTTP run'] : []),
      ...(rawAfterNext ? ['after the next run'] : []),
    ];
    const floor = {
      pool: mean(rows.map((r) => r.pool.perSecond)),
      one: mean(rows.map((r) => r.one.perSecond)),
      oneP99: mean(rows.map((r) => r.one.latency.p99)),
      oneP50: mean(rows.map((r) => r.one.latency.p50)),
    };
    // The yardstick of HTTP issuing: the runs on either side of it, as on SQLite.
    const httpFloor =
      rawBefore && rawAfter
        ? {
            pool: (rawBefore.pool.perSecond + rawAfter.pool.perSecond) / 2,
            one: (rawBefore.one.perSecond + rawAfter.one.perSecond) / 2,
          }
        : null;
    if (rows.length) {
      out(
        `Raw durable commit rate: PostgreSQL ${settings.version} through the server's driver (pg), one ticket-shaped INSERT per transaction`,
      );
      out(
        table(
          ['', 'connections', 'commits', 'time', 'commits/s', 'commit p50', 'commit p99', 'commit max'],
          rows.flatMap((r, i) => [rawRow(labels[i] ?? '', r.pool), rawRow('', r.one)]),
        ),
      );
      if (httpFloor)
        out(
          `  yardstick for HTTP issuing (mean before/after): ${fmt(httpFloor.pool)} commits/s from ${pool} connections, ${fmt(httpFloor.one)} from 1`,
        );
      out();
    }

    if (runs('pg-issue')) {
      if (http && httpFloor) {
        const ratioPool = http.ticketsPerSecond / httpFloor.pool;
        const ratioOne = http.ticketsPerSecond / httpFloor.one;
        out(
          `Ticket issuing over HTTP on PostgreSQL: real server child process with DATABASE_URL, ${opts.http.connections} connections, ${fmt(opts.http.requests)} timed requests, ${opts.http.priorityShare * 100} % with a priority group`,
        );
        for (const note of http.setupNotes) out(`  setup: ${note}`);
        out(
          table(
            ['', 'value'],
            [
              ['201 Created (timed)', fmt(http.created)],
              ['other responses (warm-up + timed)', fmt(http.nonCreated)],
              ['time', `${fmt(http.seconds, 2)} s`],
              ['tickets/s', fmt(http.ticketsPerSecond)],
              [
                '  over the first / last fifth',
                `${fmt(http.firstFifthPerSecond)} / ${fmt(http.lastFifthPerSecond)}`,
              ],
              [
                'latency p50 / p95 / p99 / max',
                `${fmt(http.latency.p50, 1)} / ${fmt(http.latency.p95, 1)} / ${fmt(http.latency.p99, 1)} / ${fmt(http.latency.max, 1)} ms`,
              ],
              [
                'server CPU (per ticket)',
                http.serverCpuSeconds === null
                  ? 'n/a'
                  : `${fmt(http.serverCpuSeconds, 2)} s (${fmt((http.serverCpuSeconds * 1000) / http.created, 3)} ms)`,
              ],
              [
                'tickets in the database / expected',
                `${fmt(http.verify.ticketsInDb)} / ${fmt(http.verify.expected)}`,
              ],
              ['201s missing from the database', fmt(http.verify.missingIds)],
              ['repeated (category, day, number)', fmt(http.verify.duplicateNumbers)],
              ['"issued" events', fmt(http.verify.issuedEvents)],
              [`ratio HTTP tickets/s ÷ raw commits/s from ${pool} connections`, fmt(ratioPool, 2)],
              ['ratio HTTP tickets/s ÷ raw commits/s from 1 connection', fmt(ratioOne, 2)],
            ],
          ),
        );
        if (http.firstFailure) out(`  first failure: ${http.firstFailure}`);
        if (http.floors.length)
          out(
            table(
              ['for comparison, without issuing', 'requests/s', 'server CPU per request'],
              http.floors.map((f) => [
                f.label,
                fmt(f.perSecond),
                f.serverCpuMsPerRequest === null ? 'n/a' : ms(f.serverCpuMsPerRequest),
              ]),
            ),
          );
        out();
        // The issue asks for these figures beside the floor, without a target of their own: every
        // statement of a write is a round trip to another process, where SQLite's is a call.
        out(
          `  PostgreSQL HTTP issuing ${fmt(http.ticketsPerSecond)} tickets/s = ${fmt(ratioOne, 2)} × raw ${fmt(httpFloor.one)} commits/s from 1 connection, ${fmt(ratioPool, 2)} × ${fmt(httpFloor.pool)} from ${pool} connections (figures beside the floor, no target)`,
        );
        out();
        verdict(
          http.nonCreated === 0 && http.verify.ok,
          `PostgreSQL HTTP issuing: every request answered 201 (${fmt(http.nonCreated)} others) and the database holds exactly those ${fmt(http.verify.expected)} tickets, numbers unique`,
        );
      } else verdict(false, 'PostgreSQL HTTP issuing: the run did not complete');
    }

    if (next) {
      out(
        `next latency in-process on PostgreSQL: ${next.counters} counters open, ${fmt(opts.next.calls)} timed calls per row after ${opts.next.warmup} warm-up, the queue kept at ${fmt(opts.next.waiting)}`,
      );
      out(
        '  (time = the awaited call, its COMMIT included; "flush" = from the write\'s first statement to its COMMIT answered; "statements/call" = round trips to PostgreSQL, BEGIN, lock, COMMIT included)',
      );
      out(
        table(
          [
            '',
            'p50',
            'p95',
            'p99',
            'max',
            'flush p50 / p99',
            'waiting',
            'statements/call',
            'rule that chose',
          ],
          [
            nextPhaseRow(next.service),
            nextPhaseRow(next.shallowInject),
            nextPhaseRow(next.inject),
            nextPhaseRow({ ...next.serviceNoSync, label: `${next.serviceNoSync.label} (info)` }),
          ],
        ),
      );
      out(
        `  beside the floor: a raw commit from 1 connection p50 ${ms(floor.oneP50)}, p99 ${ms(floor.oneP99)} (mean of the raw runs above)`,
      );
      out();
      out(
        `  PostgreSQL next p99 ${ms(next.service.latency.p99)} in-process with ${fmt(opts.next.waiting)} waiting, beside a raw commit's p99 ${ms(floor.oneP99)} (figures beside the floor, no target)`,
      );
      out();
      verdict(
        next.inject.latency.p50 <= opts.targetNextDeepRatio * next.shallowInject.latency.p50,
        `PostgreSQL POST next p50 ${ms(next.inject.latency.p50)} with ${fmt(opts.next.waiting)} waiting, ${ms(next.shallowInject.latency.p50)} with ${fmt(opts.next.shallowWaiting)} (target ≤ ${opts.targetNextDeepRatio}×)`,
      );
    }

    if (offices) printOffices(offices, opts, out, verdict);

    // Both engines side by side, each beside its own floor.
    const sqliteFloor =
      sqlite.rawBefore && sqlite.rawAfter
        ? (sqlite.rawBefore.perSecond + sqlite.rawAfter.perSecond) / 2
        : null;
    const sqliteP99 =
      sqlite.rawBefore && sqlite.rawAfter
        ? (sqlite.rawBefore.latency.p99 + sqlite.rawAfter.latency.p99) / 2
        : null;
    if ((sqlite.http && sqliteFloor) || sqlite.next) {
      const cell = (x: number | null | undefined, f: (n: number) => string) =>
        x === null || x === undefined || !Number.isFinite(x) ? '' : f(x);
      out('Both engines in this run, each beside its own raw commit floor');
      out(
        table(
          ['', 'SQLite', 'PostgreSQL'],
          [
            ['raw commits/s, 1 connection', cell(sqliteFloor, fmt), cell(httpFloor?.one ?? floor.one, fmt)],
            [`raw commits/s, ${pool} connections`, '', cell(httpFloor?.pool ?? floor.pool, fmt)],
            [
              'HTTP issuing, tickets/s',
              cell(sqlite.http?.ticketsPerSecond, fmt),
              cell(http?.ticketsPerSecond, fmt),
            ],
            [
              '  ÷ raw commits/s (1 connection)',
              cell(sqlite.http && sqliteFloor ? sqlite.http.ticketsPerSecond / sqliteFloor : null, (x) =>
                fmt(x, 2),
              ),
              cell(http && httpFloor ? http.ticketsPerSecond / httpFloor.one : null, (x) => fmt(x, 2)),
            ],
            [
              `  ÷ raw commits/s (${pool} connections)`,
              '',
              cell(http && httpFloor ? http.ticketsPerSecond / httpFloor.pool : null, (x) => fmt(x, 2)),
            ],
            [
              'raw commit p99, 1 connection',
              cell(sqliteP99, ms),
              cell(rows.length ? floor.oneP99 : null, ms),
            ],
            ['next p50', cell(sqlite.next?.service.latency.p50, ms), cell(next?.service.latency.p50, ms)],
            ['next p99', cell(sqlite.next?.service.latency.p99, ms), cell(next?.service.latency.p99, ms)],
          ],
        ),
      );
      out();
    }
  } finally {
    await pg.stop();
  }
}

function printOffices(r: OfficesResult, opts: PostgresBenchOptions, out: Out, verdict: Verdict): void {
  const o = opts.offices;
  out(
    `Offices on PostgreSQL: real server child process; per office ${o.issuers} issuing loops (staff sessions, no printing) and ${o.clerks} clerks (next, start, finish), each sending its next request when the last one is answered; ${o.seconds} s timed after ${o.warmupSeconds} s warm-up per phase`,
  );
  const alone = r.aloneActionsPerSecond;
  out(
    table(
      [
        '',
        'office',
        'actions/s',
        'issued/s',
        'called/s',
        'nobody waiting',
        'failures',
        'waiting at end',
        '÷ alone',
      ],
      r.phases.flatMap((p) =>
        p.offices.map((f, i) => [
          i === 0 ? p.label : '',
          f.office,
          fmt(f.actionsPerSecond),
          fmt(f.issuedPerSecond),
          fmt(f.calledPerSecond),
          fmt(f.emptyNexts),
          fmt(f.failures),
          fmt(f.waitingAtEnd),
          fmt(f.actionsPerSecond / alone, 2),
        ]),
      ),
    ),
  );
  out(`  alone (the yardstick): mean of the two alone phases, ${fmt(alone)} actions/s`);
  const share = (x: number | null) => (x === null ? 'n/a' : `${fmt(x * 100)} %`);
  out(
    table(
      [
        'CPU, share of one core',
        'server process',
        'PostgreSQL',
        'bench process',
        'server waiting for a core',
        'PostgreSQL waiting for a core',
      ],
      r.phases.map((p) => [
        p.label,
        share(p.serverCpuShare),
        share(p.pgCpuShare),
        share(p.loaderCpuShare),
        share(p.serverRunQueueShare),
        share(p.pgRunQueueShare),
      ]),
    ),
  );
  // Little's law: the mean number of open transactions ÷ actions per second = transaction time
  // per action, split by what the transaction was doing.
  const perAction = (p: OfficesResult['phases'][number], x: number) =>
    ms((x * 1000) / p.offices.reduce((sum, f) => sum + f.actionsPerSecond, 0));
  out(
    table(
      [
        'per action',
        'in a write',
        'waiting for Node',
        'PostgreSQL working',
        'WAL flush',
        'lock wait',
        'reads outside writes',
      ],
      r.phases.map((p) => [
        p.label,
        perAction(p, p.transactions.meanOpen),
        perAction(p, p.transactions.meanIdleInTransaction),
        perAction(p, p.transactions.meanActive),
        perAction(p, p.transactions.meanWalWait),
        perAction(p, p.transactions.meanLockWait),
        perAction(p, p.transactions.meanReads),
      ]),
    ),
  );
  out(
    "  (from pg_stat_activity every 10 ms: time the server's connections spent per action inside a write's transaction, which holds the office's lock from its first statement to COMMIT, by state; \"waiting for Node\" = idle in the transaction until the server sends its next statement)",
  );
  for (const p of r.phases)
    for (const f of p.offices) if (f.firstFailure) out(`  ${f.office}: first failure ${f.firstFailure}`);
  out();
  for (const f of r.together.offices)
    verdict(
      f.actionsPerSecond >= opts.targetOfficesRatio * alone,
      `PostgreSQL offices: ${f.office} beside another ${fmt(f.actionsPerSecond)} actions/s = ${fmt(f.actionsPerSecond / alone, 2)} × alone ${fmt(alone)} (target ≥ ${opts.targetOfficesRatio})`,
    );
  const failures = r.phases.reduce((s, p) => s + p.offices.reduce((t, f) => t + f.failures, 0), 0);
  verdict(
    r.verify.ok && failures === 0,
    `PostgreSQL offices: every request answered (${fmt(failures)} failures); numbers unique and without gaps (${r.verify.duplicateNumbers} repeated, ${r.verify.gaps} categories with gaps), no ticket called twice (${r.verify.calledTwice})`,
  );
}
