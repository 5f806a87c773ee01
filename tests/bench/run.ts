/**
 * Numerek performance benchmarks: `npm run bench` from the repository root (not part of `npm test`).
 *
 *   1. Raw durable commit rate of better-sqlite3 (WAL, synchronous = FULL, one insert per
 *      transaction) before and after the HTTP run; the mean is the yardstick.
 *   2. Tickets per second through HTTP: the real server (server/src/main.ts) as a child process
 *      on a fresh data dir, loaded from this process with undici; then the database is checked.
 *   3. `next` latency in-process with 5,000 tickets waiting (services and app.inject), beside
 *      app.inject with 50 waiting in the same app first, and where the time of an issue goes
 *      in-process.
 *
 * Prints a table and a PASS/FAIL line per target; exits 1 when a target is missed.
 *   4. Realtime fan-out (tests/bench/realtime.ts): `next` → `ticket:called` at the last of 200
 *      displays with 50 counter panels connected, beside a bare socket.io broadcast; server RSS
 *      with 1,000 displays connected.
 *
 *   5. PostgreSQL (tests/bench/run-postgres.ts), when its programs are on the machine: a throwaway
 *      server committing durably; its raw commit floor from the server's pool size and from one
 *      connection; HTTP issuing through the real server with DATABASE_URL; `next` in-process on
 *      a PostgreSQL database; one office alone at full speed beside two offices at once. Then
 *      both engines side by side, each beside its own floor.
 *   7. Speech (tests/bench/speech.ts): eSpeak NG's time per sentence, cold (a fresh process) and
 *      warm; with the built server, the time from `next` to the display's speech (its chime
 *      included), `next` with and without a display that plays the server's audio; and the
 *      memory of the server and of the engine's process as the console's "listen" button renders
 *      sentences, and of the server after the engine unloaded itself.
 *   6. Memory (tests/bench/memory.ts): the compiled server as `npm start` runs it, idle with the
 *      sample office and with 1,000 displays connected, beside a bare socket.io server; and the
 *      time from spawning `npm start`'s script over the office's data to /api/health, beside the
 *      bare server's start.
 *
 *   7. Central installation (tests/bench/central.ts): 20 offices with 100 clerks and 400 hall
 *      displays on one SQLite node, then on three PostgreSQL nodes behind HAProxy (deploy/), one
 *      of them killed and started again: call → display p50/p99 of both, the slowest request
 *      while the node is down.
 *
 * Environment: BENCH_ONLY=issue|next|realtime|print|memory|speech|pg|central (or pg-issue, pg-next, pg-offices; several
 * separated by commas) runs those parts; BENCH_CPU_PROF=<dir> writes a CPU profile of the server
 * child during the HTTP runs.
 */
import { cpus, loadavg, tmpdir } from 'node:os';
import { measureHttpIssuing, type IssueResult } from './issue-throughput.ts';
import { measureNextLatency, nextPhaseRow, type NextResult } from './next-latency.ts';
import { appScriptGzipBytes, measurePrintLatency } from './print-latency.ts';
import { measureRawCommits, type RawCommitResult } from './raw-commit.ts';
import { measureMemory } from './memory.ts';
import { measureRealtime, type RealtimeResult } from './realtime.ts';
import { measureSpeech } from './speech.ts';
import { benchPostgres } from './run-postgres.ts';
import { fmt, ms, table, type LatencySummary } from './stats.ts';
import { measureCentral, type CentralOptions, type CentralRun } from './central.ts';
import { startBenchPostgres } from './postgres.ts';

const RAW_COMMITS = 4000;
const HTTP = { requests: 6000, warmup: 300, connections: 128, priorityShare: 0.2, floorRequests: 3000 };
const NEXT = {
  waiting: 5000,
  shallowWaiting: 50,
  warmup: 200,
  calls: 2000,
  priorityShare: 0.2,
  issueCalls: 200,
};
const TARGET_NEXT_DEEP_RATIO = 2;
const TARGET_RATIO = 0.7;
const TARGET_NEXT_P99_MS = 2;
const REALTIME = { displays: 200, counters: 50, warmup: 30, calls: 300, rssDisplays: 1000 };
const TARGET_REALTIME_P99_MS = 25;

const OFFICES = { issuers: 4, clerks: 6, warmupSeconds: 3, seconds: 20, priorityShare: 0.2 };
const TARGET_OFFICES_RATIO = 0.7;

const PARTS = [
  'issue',
  'next',
  'realtime',
  'print',
  'memory',
  'pg',
  'pg-issue',
  'pg-next',
  'pg-offices',
  'central',
  'speech',
] as const;
type Part = (typeof PARTS)[number];
const only = process.env.BENCH_ONLY?.split(',').map((p) => p.trim());
const unknownParts = only?.filter((p) => !(PARTS as readonly string[]).includes(p)) ?? [];
if (unknownParts.length) {
  process.stderr.write(`BENCH_ONLY: unknown part ${unknownParts.join(', ')}; expected ${PARTS.join(', ')}\n`);
  process.exit(2);
}
const runs = (part: Part) => !only || only.includes(part) || (part.startsWith('pg-') && only.includes('pg'));
/** A city's morning on a central installation (issue 16): 20 offices, 100 clerks, 400 hall displays. */
const CENTRAL: CentralOptions = {
  offices: 20,
  clerks: 5,
  displays: 20,
  seconds: 30,
  warmupSeconds: 5,
  issueEveryMs: 3000,
  servePauseMs: 2000,
};
const TARGET_CENTRAL_P99_RATIO = 2;
const TARGET_CENTRAL_KILLED_MS = 1000;
const TARGET_PRINT_P95_MS = 150;
const TARGET_KIOSK_JS_KB = 35;
const SPEECH = {
  coldRuns: 3,
  warmPerLanguage: 10,
  nextCalls: 40,
  speechCalls: 30,
  chimeMs: 1300,
  idleMs: 3000,
  memorySentences: 60,
  targetSpeechMs: 1500,
  nextRatio: 1.25,
  nextSlackMs: 1,
  /** What the machine may hold more with the engine loaded: the server's growth and the engine's own. */
  targetLoadedMb: 100,
  /** What the built server may hold more after the engine unloaded than before any speech. */
  targetUnloadedMb: 20,
};
const MEMORY = { sockets: 1000, targetIdleMb: 90, targetSocketsMb: 150, targetStartMs: 2000 };
const out = (line = '') => process.stdout.write(`${line}\n`);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const latencyCells = (l: LatencySummary) => [ms(l.p50), ms(l.p95), ms(l.p99), ms(l.max)];

interface Verdict {
  ok: boolean;
  text: string;
}
const verdicts: Verdict[] = [];
const verdict = (ok: boolean, text: string) => verdicts.push({ ok, text });

out(
  `Numerek benchmarks — node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ${process.platform} ${process.arch}`,
);
out(`temp dir ${tmpdir()}; load average at start ${load()}`);
out();

function rawRow(label: string, r: RawCommitResult): string[] {
  return [
    label,
    fmt(r.commits),
    `${fmt(r.seconds, 2)} s`,
    fmt(r.perSecond),
    ms(r.latency.p50),
    ms(r.latency.p99),
    ms(r.latency.max),
  ];
}

let rawBefore: RawCommitResult | null = null;
let http: IssueResult | null = null;
let rawAfter: RawCommitResult | null = null;
let rawAfterNext: RawCommitResult | null = null;

if (runs('issue')) {
  out(`[1/5] raw durable commits (${fmt(RAW_COMMITS)})…`);
  rawBefore = measureRawCommits(RAW_COMMITS);
  out(
    `[2/5] HTTP issuing: ${fmt(HTTP.warmup)} warm-up + ${fmt(HTTP.requests)} requests over ${HTTP.connections} connections…`,
  );
  try {
    http = await measureHttpIssuing(HTTP, out);
  } catch (error) {
    out(`  HTTP run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
  out(`[3/5] raw durable commits again…`);
  rawAfter = measureRawCommits(RAW_COMMITS);
}
let next: NextResult | null = null;
if (runs('next')) {
  out(`[4/5] next latency in-process with ${fmt(NEXT.waiting)} waiting…`);
  next = await measureNextLatency(NEXT, out);
  out(`[5/5] raw durable commits once more (the disk's state right after the next run)…`);
  rawAfterNext = measureRawCommits(RAW_COMMITS);
}
out();

const rawRows = (rawMean: number | null) => [
  ...(rawBefore ? [rawRow('before the HTTP run', rawBefore)] : []),
  ...(rawAfter ? [rawRow('after the HTTP run', rawAfter)] : []),
  ...(rawMean !== null ? [['mean of the two (the yardstick)', '', '', fmt(rawMean), '', '', '']] : []),
  ...(rawAfterNext ? [rawRow('after the next run (info)', rawAfterNext)] : []),
];
const rawHeader = ['', 'commits', 'time', 'commits/s', 'commit p50', 'commit p99', 'commit max'];
const anyRaw = rawBefore ?? rawAfterNext;
if (anyRaw) {
  out(
    `Raw durable commit rate: better-sqlite3, journal_mode=${anyRaw.journalMode}, synchronous=${anyRaw.synchronous} (2 = FULL), one ticket-shaped INSERT per transaction`,
  );
  out(
    table(rawHeader, rawRows(rawBefore && rawAfter ? (rawBefore.perSecond + rawAfter.perSecond) / 2 : null)),
  );
  out();
}

if (rawBefore && rawAfter) {
  const rawMean = (rawBefore.perSecond + rawAfter.perSecond) / 2;
  if (http) {
    const ratio = http.ticketsPerSecond / rawMean;
    const perTicketCpu =
      http.serverCpuSeconds === null ? 'n/a' : `${fmt((http.serverCpuSeconds * 1000) / http.created, 3)} ms`;
    out(
      `Ticket issuing over HTTP: real server child process, ${HTTP.connections} connections, ${fmt(HTTP.requests)} timed requests, ${HTTP.priorityShare * 100} % with a priority group`,
    );
    for (const note of http.setupNotes) out(`  setup: ${note}`);
    out(
      table(
        ['', 'value'],
        [
          ['201 Created (timed)', fmt(http.created)],
          ['other responses (warm-up + timed)', fmt(http.nonCreated)],
          [
            'status codes',
            Object.entries(http.statuses)
              .map(([k, v]) => `${k}×${v}`)
              .join(' '),
          ],
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
            http.serverCpuSeconds === null ? 'n/a' : `${fmt(http.serverCpuSeconds, 2)} s (${perTicketCpu})`,
          ],
          ['load generator CPU', `${fmt(http.loaderCpuSeconds, 2)} s`],
          [
            'tickets in the database / expected',
            `${fmt(http.verify.ticketsInDb)} / ${fmt(http.verify.expected)}`,
          ],
          ['201s missing from the database', fmt(http.verify.missingIds)],
          ['repeated (category, day, number)', fmt(http.verify.duplicateNumbers)],
          ['"issued" events', fmt(http.verify.issuedEvents)],
          ['ratio HTTP tickets/s ÷ raw commits/s', fmt(ratio, 2)],
        ],
      ),
    );
    if (http.firstFailure) out(`  first failure: ${http.firstFailure}`);
    out();
    if (http.floors.length) {
      out('For comparison (information): the same server and load generator after the run, without issuing');
      out(
        table(
          ['', 'requests/s', 'server CPU per request'],
          http.floors.map((f) => [
            `${f.label}${f.ok === f.requests ? '' : ` (only ${fmt(f.ok)} of ${fmt(f.requests)})`}`,
            fmt(f.perSecond),
            f.serverCpuMsPerRequest === null ? 'n/a' : ms(f.serverCpuMsPerRequest),
          ]),
        ),
      );
      out();
    }
    verdict(
      ratio >= TARGET_RATIO,
      `HTTP issuing ${fmt(http.ticketsPerSecond)} tickets/s = ${fmt(ratio, 2)} × raw ${fmt(rawMean)} commits/s (target ≥ ${TARGET_RATIO})`,
    );
    verdict(
      http.nonCreated === 0,
      `HTTP issuing: every request answered 201 (${fmt(http.nonCreated)} others)`,
    );
    verdict(
      http.verify.ok,
      `HTTP issuing: database holds exactly the ${fmt(http.verify.expected)} tickets answered 201, numbers unique`,
    );
  } else {
    verdict(false, 'HTTP issuing: the run did not complete');
  }
}

if (next) {
  const rows = nextPhaseRow;
  out(
    `next latency in-process: ${next.counters} counters open, ${fmt(NEXT.calls)} timed calls per row after ${NEXT.warmup} warm-up, the queue kept at ${fmt(NEXT.waiting)}`,
  );
  out(
    `  (time = the awaited call, including its group commit; "flush" = the write queue's transaction + fsync within it)`,
  );
  out(
    table(
      ['', 'p50', 'p95', 'p99', 'max', 'flush p50 / p99', 'waiting', 'prepares/call', 'rule that chose'],
      [
        rows(next.service),
        rows(next.shallowInject),
        rows(next.inject),
        rows({ ...next.serviceNoSync, label: `${next.serviceNoSync.label} (info)` }),
      ],
    ),
  );
  out();
  const ic = next.issueCost;
  if (ic) {
    out(
      `Where an issue's time goes, in-process (queue ${fmt(ic.waitingBefore)} → ${fmt(ic.waitingAfter)} waiting, ${fmt(NEXT.issueCalls)} calls per row)`,
    );
    out(
      table(
        ['', 'p50', 'p95', 'p99', 'max', 'prepares/call', 'prepare time/call'],
        ic.rows.map((r) => [
          r.label,
          ...latencyCells(r.latency),
          fmt(r.preparesPerCall, 1),
          ms(r.prepareMsPerCall),
        ]),
      ),
    );
    for (const s of ic.preparedEachCall) out(`  compiled on every call: ${s}…`);
    out();
  }
  verdict(
    next.service.latency.p99 <= TARGET_NEXT_P99_MS,
    `next p99 ${ms(next.service.latency.p99)} in-process with ${fmt(NEXT.waiting)} waiting (target ≤ ${TARGET_NEXT_P99_MS} ms)`,
  );
  verdict(
    next.inject.latency.p50 <= TARGET_NEXT_DEEP_RATIO * next.shallowInject.latency.p50,
    `POST next p50 ${ms(next.inject.latency.p50)} with ${fmt(NEXT.waiting)} waiting, ${ms(next.shallowInject.latency.p50)} with ${fmt(NEXT.shallowWaiting)} (target ≤ ${TARGET_NEXT_DEEP_RATIO}×)`,
  );
}

if (runs('pg-issue') || runs('pg-next') || runs('pg-offices')) {
  await benchPostgres(
    runs,
    {
      rawCommits: RAW_COMMITS,
      http: HTTP,
      // Each PostgreSQL round trip waits for two processes to be scheduled: fewer calls keep the run short.
      next: { ...NEXT, warmup: 100, calls: 1000 },
      offices: OFFICES,
      targetOfficesRatio: TARGET_OFFICES_RATIO,
      targetNextDeepRatio: TARGET_NEXT_DEEP_RATIO,
    },
    { rawBefore, rawAfter, http, next },
    out,
    verdict,
  );
}

let realtime: RealtimeResult | null = null;
if (runs('realtime')) {
  out(
    `[realtime] ${REALTIME.displays} displays + ${REALTIME.counters} counter panels, ${REALTIME.warmup} warm-up + ${REALTIME.calls} timed calls…`,
  );
  try {
    realtime = await measureRealtime(REALTIME, out);
  } catch (error) {
    out(`  realtime run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    verdict(false, 'realtime: the run did not complete');
  }
  out();
}
if (realtime) {
  const r = realtime;
  out(
    `Realtime fan-out: real server child process; ${r.connected.displays} display and ${r.connected.counters} counter-panel clients in the bench process (websocket); ${fmt(REALTIME.calls)} timed calls`,
  );
  out(
    table(
      ['', 'p50', 'p95', 'p99', 'max'],
      [
        [`next → ticket:called at the last of ${r.connected.displays} displays`, ...latencyCells(r.numerek)],
        ['the next HTTP round trip alone (same calls)', ...latencyCells(r.nextHttp)],
        [`bare socket.io: POST → broadcast at the last of ${r.connected.displays}`, ...latencyCells(r.bare)],
      ],
    ),
  );
  out(
    table(
      ['server RSS', 'MB'],
      [
        ['fresh server, sample office, no clients', fmt(r.rss.idleMb, 1)],
        [`${fmt(r.connected.many)} displays connected`, fmt(r.rss.withManyMb, 1)],
        ['per display (KB)', fmt(r.rss.perDisplayKb, 1)],
      ],
    ),
  );
  out();
  verdict(
    r.numerek.p99 <= TARGET_REALTIME_P99_MS,
    `realtime: next → last of ${r.connected.displays} displays p99 ${ms(r.numerek.p99)} (target ≤ ${TARGET_REALTIME_P99_MS} ms; bare broadcast p99 ${ms(r.bare.p99)})`,
  );
}

if (runs('print')) {
  out(
    '[print] kiosk POST → last byte of the ticket at a fake Epson printer over TCP, 200 tickets after 20 warm-up…',
  );
  try {
    const p = await measurePrintLatency(200, 20);
    out(
      table(
        ['', 'p50', 'p95', 'p99', 'max'],
        [['POST /api/tickets → ticket printed', ...latencyCells(p.latency)]],
      ),
    );
    verdict(
      p.latency.p95 <= TARGET_PRINT_P95_MS,
      `print: POST → last byte at the printer p95 ${ms(p.latency.p95)} (target ≤ ${TARGET_PRINT_P95_MS} ms)`,
    );
  } catch (error) {
    out(`  print run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    verdict(false, 'print: the run did not complete');
  }
  const sizes = (['kiosk', 'display', 'counter'] as const).map((app) => [
    app,
    fmt(appScriptGzipBytes(app) / 1024, 1),
  ]);
  out(table(['app JavaScript', 'KB gzip'], sizes));
  const kiosk = appScriptGzipBytes('kiosk') / 1024;
  verdict(
    kiosk <= TARGET_KIOSK_JS_KB,
    `kiosk JavaScript ${fmt(kiosk, 1)} KB gzip (target ≤ ${TARGET_KIOSK_JS_KB} KB)`,
  );
  out();
}

if (runs('memory')) {
  out(
    `[memory] the compiled server idle, then with ${fmt(MEMORY.sockets)} displays; a bare socket.io server beside it…`,
  );
  try {
    const m = await measureMemory(MEMORY.sockets, out);
    out(
      table(
        ['resident memory (MB)', 'idle', `${fmt(m.sockets)} displays`, 'per display (KB)'],
        [
          [
            'Numerek (node server/dist/main.js, sample office, started again)',
            fmt(m.numerek.idleMb, 1),
            fmt(m.numerek.withSocketsMb, 1),
            fmt(((m.numerek.withSocketsMb - m.numerek.idleMb) * 1024) / m.sockets, 1),
          ],
          [
            '  the same right after its first start (creating the office)',
            fmt(m.firstStartIdleMb, 1),
            '',
            '',
          ],
          [
            'bare socket.io server (plain JavaScript)',
            fmt(m.bare.idleMb, 1),
            fmt(m.bare.withSocketsMb, 1),
            fmt(((m.bare.withSocketsMb - m.bare.idleMb) * 1024) / m.sockets, 1),
          ],
        ],
      ),
    );
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
    out(
      table(
        ['start → first answer (ms)', 'median', 'each start'],
        [
          [
            'npm start (scripts/start.mjs) over the office → /api/health',
            fmt(median(m.startMs)),
            m.startMs.map((x) => fmt(x)).join(' '),
          ],
          [
            'bare socket.io server → HTTP answer',
            fmt(median(m.bareStartMs)),
            m.bareStartMs.map((x) => fmt(x)).join(' '),
          ],
        ],
      ),
    );
    verdict(
      median(m.startMs) <= MEMORY.targetStartMs,
      `start: npm start answers /api/health in ${fmt(median(m.startMs))} ms, median of ${m.startMs.length} (target ≤ ${MEMORY.targetStartMs} ms; bare socket.io ${fmt(median(m.bareStartMs))} ms)`,
    );
    verdict(
      m.numerek.idleMb <= MEMORY.targetIdleMb,
      `memory: idle ${fmt(m.numerek.idleMb, 1)} MB (target ≤ ${MEMORY.targetIdleMb} MB; bare socket.io ${fmt(m.bare.idleMb, 1)} MB)`,
    );
    verdict(
      m.numerek.withSocketsMb <= MEMORY.targetSocketsMb,
      `memory: ${fmt(m.sockets)} displays ${fmt(m.numerek.withSocketsMb, 1)} MB (target ≤ ${MEMORY.targetSocketsMb} MB; bare socket.io ${fmt(m.bare.withSocketsMb, 1)} MB)`,
    );
  } catch (error) {
    out(`  memory run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    verdict(false, 'memory: the run did not complete');
  }
  out();
}

if (runs('central')) {
  out(
    `[central] ${CENTRAL.offices} offices, ${CENTRAL.offices * CENTRAL.clerks} clerks, ${CENTRAL.offices * CENTRAL.displays} display sockets, ${CENTRAL.seconds} s each after ${CENTRAL.warmupSeconds} s of warm-up: one node on SQLite, then three nodes on PostgreSQL behind HAProxy…`,
  );
  try {
    const started = await startBenchPostgres();
    if ('skipped' in started) out(`  central skipped: ${started.skipped}`);
    else {
      try {
        const r = await measureCentral(started.server, CENTRAL, out);
        if ('skipped' in r) out(`  central skipped: ${r.skipped}`);
        else {
          const row = (label: string, x: CentralRun) => [
            label,
            fmt(x.issued),
            fmt(x.calls),
            ms(x.callToDisplay.p50),
            ms(x.callToDisplay.p99),
            `${ms(x.answerToDisplay.p50)} / ${ms(x.answerToDisplay.p99)}`,
            ms(x.callToDisplayAll.p99),
            `${fmt(x.unheard)} / ${fmt(x.reconnects)}`,
            ms(x.requests.p99),
            ms(x.requests.max),
            fmt(x.failed),
            x.slowestWhileKilled === null ? '' : ms(x.slowestWhileKilled),
            `${fmt(x.cpu.loader, 2)} / ${x.cpu.nodes === null ? '–' : fmt(x.cpu.nodes, 2)} / ${x.cpu.postgres === null ? '–' : fmt(x.cpu.postgres, 2)}`,
          ];
          out(
            table(
              [
                '',
                'issued',
                'calls',
                'press→display p50',
                'p99',
                'answer→display p50 / p99',
                'p99, reconnecting displays too',
                'unheard / display reconnects',
                'request p99',
                'request max',
                'failed',
                'slowest while a node is killed',
                'CPU s/s: load / Numerek / PostgreSQL',
              ],
              [row('one node, SQLite', r.single), row('three nodes, PostgreSQL, HAProxy', r.nodes)],
            ),
          );
          out(
            `  press→display: from the clerk's \`next\` sent to each display of the office showing the call, for displays connected throughout; ` +
              `answer→display: from the clerk's answer instead (negative: the display had the call first). ` +
              `The load generator used ${fmt(Math.max(r.single.cpu.loader, r.nodes.cpu.loader), 2)} of a core at most.`,
          );
          out(
            `  The three nodes' row covers the whole run: ${CENTRAL.seconds} s with all three serving, then node B killed and started again, and the seconds after.`,
          );
          if (r.nodes.requestsBeforeKill)
            out(
              `  three nodes, all serving (${CENTRAL.seconds} s, before the kill): request p50 ${ms(r.nodes.requestsBeforeKill.p50)}, p99 ${ms(r.nodes.requestsBeforeKill.p99)}, max ${ms(r.nodes.requestsBeforeKill.max)}`,
            );
          const phase = (name: string, x: LatencySummary | null) =>
            x &&
            out(
              `  three nodes, press→display for calls pressed ${name}: p50 ${ms(x.p50)}, p99 ${ms(x.p99)}, max ${ms(x.max)} (${x.count} pairs)`,
            );
          phase(
            `with all three serving (${CENTRAL.seconds} s, before the kill)`,
            r.nodes.callToDisplayBeforeKill,
          );
          phase('from the kill to 2 s after the node is back', r.nodes.callToDisplayWhileKilled);
          for (const e of r.nodes.proxyEvents) out(`  proxy: ${e}`);
          // The same seconds of the same load on both: the three nodes while all three serve. The
          // kill has a goal of its own (below); the whole run's p99 is printed above.
          const steady = r.nodes.callToDisplayBeforeKill ?? r.nodes.callToDisplay;
          verdict(
            r.nodes.unheard === 0 &&
              r.single.unheard === 0 &&
              steady.p99 <= TARGET_CENTRAL_P99_RATIO * r.single.callToDisplay.p99,
            `central: press → display p99 across nodes ${ms(steady.p99)} over ${CENTRAL.seconds} s with all three serving, ${ms(r.nodes.callToDisplay.p99)} over the whole run with the kill (target ≤ ${TARGET_CENTRAL_P99_RATIO} × one SQLite node's ${ms(r.single.callToDisplay.p99)} over its ${CENTRAL.seconds} s); calls a display never showed: ${r.nodes.unheard} across nodes, ${r.single.unheard} on one node (target 0)`,
          );
          verdict(
            (r.nodes.slowestWhileKilled ?? Infinity) <= TARGET_CENTRAL_KILLED_MS && r.nodes.failed === 0,
            `central: slowest request while a node is killed ${ms(r.nodes.slowestWhileKilled ?? NaN)}, ${r.nodes.failed} never answered (target ≤ ${TARGET_CENTRAL_KILLED_MS} ms, none unanswered)`,
          );
        }
      } finally {
        await started.server.stop();
      }
    }
  } catch (error) {
    out(`  central run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    verdict(false, 'central: the run did not complete');
  }
  out();
}

if (runs('speech')) {
  out(`[speech] eSpeak NG cold and warm; next → the display's speech, ${SPEECH.speechCalls} calls…`);
  try {
    const s = await measureSpeech(SPEECH, out);
    out(
      table(
        ['synthesis of one call (ms)', 'p50', 'p95', 'max'],
        [
          ['cold: fresh process + compile + render, each run', s.cold.map((x) => fmt(x)).join(' '), '', ''],
          ...(['pl', 'en', 'uk'] as const).map((l) => [
            `warm, ${l} (${s.warm[l].count} sentences)`,
            ms(s.warm[l].p50),
            ms(s.warm[l].p95),
            ms(s.warm[l].max),
          ]),
        ],
      ),
    );
    out(
      table(
        ['with the real server (ms)', 'p50', 'p95', 'p99', 'max'],
        [
          ['next → the call’s WAV at the display', ...latencyCells(s.audioReady)],
          [`next → speech starts (after the ${SPEECH.chimeMs} ms chime)`, ...latencyCells(s.speechStarts)],
          ['next round trip, display on the server’s voice', ...latencyCells(s.nextWithSpeech)],
          ['next round trip, display on the browser’s voice', ...latencyCells(s.nextWithoutSpeech)],
        ],
      ),
    );
    const r = s.rss;
    out(
      `  built server RSS: ${fmt(r.beforeMb, 1)} MB before speech, ${fmt(r.loadedMb, 1)} MB with the engine loaded, ${fmt(r.unloadedMb, 1)} MB after SPEECH_IDLE_MS (${SPEECH.idleMs} ms) unused`,
    );
    out(
      `  the engine's process while loaded: ${fmt(r.engineMb, 1)} MB RSS, of which ${fmt(r.enginePrivateMb, 1)} MB its own (the rest Node.js's code, shared with the server); ${r.enginesLeft} left after SPEECH_IDLE_MS`,
    );
    verdict(
      s.speechStarts.p95 <= SPEECH.targetSpeechMs,
      `speech: next → speech at the display p50 ${ms(s.speechStarts.p50)}, p95 ${ms(s.speechStarts.p95)}, chime included (target p95 ≤ ${SPEECH.targetSpeechMs} ms)`,
    );
    const allowed = s.nextWithoutSpeech.p50 * SPEECH.nextRatio + SPEECH.nextSlackMs;
    verdict(
      s.nextWithSpeech.p50 <= allowed,
      `speech: next p50 ${ms(s.nextWithSpeech.p50)} while rendering vs ${ms(s.nextWithoutSpeech.p50)} without (target ≤ ×${SPEECH.nextRatio} + ${SPEECH.nextSlackMs} ms: synthesis adds nothing to next)`,
    );
    // What loading speech costs the machine: what the server grew by, and the engine's own memory.
    const loadCostMb = r.loadedMb - r.beforeMb + (Number.isNaN(r.enginePrivateMb) ? 0 : r.enginePrivateMb);
    verdict(
      loadCostMb <= SPEECH.targetLoadedMb,
      `speech: loading the engine costs ${fmt(loadCostMb, 1)} MB (the server +${fmt(r.loadedMb - r.beforeMb, 1)} MB, the engine's process ${fmt(r.enginePrivateMb, 1)} MB of its own; target ≤ ${SPEECH.targetLoadedMb} MB)`,
    );
    verdict(
      r.enginesLeft === 0 && r.unloadedMb - r.beforeMb <= SPEECH.targetUnloadedMb,
      `speech: after SPEECH_IDLE_MS unused the server holds ${fmt(r.unloadedMb - r.beforeMb, 1)} MB more than before speech and ${r.enginesLeft} engine process(es) (target ≤ ${SPEECH.targetUnloadedMb} MB and none)`,
    );
  } catch (error) {
    out(`  speech run failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    verdict(false, 'speech: the run did not complete');
  }
  out();
}

out(`load average at end ${load()}`);
out();
for (const v of verdicts) out(`${v.ok ? 'PASS' : 'FAIL'}  ${v.text}`);
const failed = verdicts.filter((v) => !v.ok).length;
out(failed ? `${failed} target(s) missed` : 'all targets met');
process.exitCode = failed ? 1 : 0;
