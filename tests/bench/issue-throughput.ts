import { connectDatabase } from '@numerek/server';
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Pool } from 'undici';
import { sleep, summarize, type LatencySummary } from './stats.ts';

export interface IssueOptions {
  /** Timed requests. */
  requests: number;
  /** Untimed requests first (JIT, caches, connection set-up). */
  warmup: number;
  /** Concurrent keep-alive connections from the load generator. */
  connections: number;
  /** Share of requests that declare a priority group. */
  priorityShare: number;
  /** Requests per comparison run (0 = none): GET /api/health and a refused issue, after the timed run. */
  floorRequests: number;
}

export interface HttpFloor {
  label: string;
  perSecond: number;
  ok: number;
  requests: number;
  serverCpuMsPerRequest: number | null;
}

export interface IssueResult {
  requests: number;
  created: number;
  nonCreated: number;
  /** Status code (or "network error") → count, over warm-up and timed requests. */
  statuses: Record<string, number>;
  firstFailure: string | null;
  seconds: number;
  ticketsPerSecond: number;
  /** Tickets per second over the first and the last fifth of the timed responses (the queue grows meanwhile). */
  firstFifthPerSecond: number;
  lastFifthPerSecond: number;
  latency: LatencySummary;
  /** CPU the server process and this process used during the timed phase, in seconds. */
  serverCpuSeconds: number | null;
  loaderCpuSeconds: number;
  setupNotes: string[];
  /** Requests/s of a trivial GET and of an issue refused inside the write queue (no insert, no fsync), after the run. */
  floors: HttpFloor[];
  verify: {
    ticketsInDb: number;
    expected: number;
    missingIds: number;
    duplicateNumbers: number;
    issuedEvents: number;
    ok: boolean;
  };
}

const SERVER_MAIN = path.join(path.dirname(fileURLToPath(import.meta.resolve('@numerek/server'))), 'main.ts');
const REPO_ROOT = path.resolve(path.dirname(SERVER_MAIN), '../..');
export const ADMIN_PASSWORD = 'bench-admin-password';
// The config accepts at most 7 digits here (`^[0-9]{1,7}$`): 9,999,999 per minute is ~166,000/s.
const ISSUE_RATE_PER_MINUTE = '9999999';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** utime + stime of a process in seconds (Linux /proc); null elsewhere. */
export function processCpuSeconds(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // after the command name: state is field 3, utime 14 and stime 15 (1-based) → indexes 11, 12 here
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

interface RunningServer {
  child: ChildProcess;
  origin: string;
  kioskToken: string;
  dataDir: string;
  databaseFile: string;
  output: () => string;
  stop: () => Promise<number | null>;
}

/** What `npm start` runs: the compiled server (built first with `node scripts/start.mjs --build-only`). */
const BUILT_MAIN = path.join(REPO_ROOT, 'server', 'dist', 'main.js');

export interface ServerOptions {
  /** A PostgreSQL database for the server (`DATABASE_URL`); without it, SQLite under the data dir. */
  databaseUrl?: string;
  /** The compiled server, as `npm start` runs it, instead of its sources through tsx. */
  built?: boolean;
  /** Start again over this data dir instead of a fresh one (its kiosk paired). */
  dataDir?: string;
}

/**
 * The real server in a child process: its sources through tsx, or with `built` the compiled
 * server; on a fresh data dir (its kiosk paired), or with `dataDir` started again over one.
 */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(tmpdir(), 'numerek-bench-http-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['TZ_OFFICE', 'PUBLIC_URL', 'COOKIE_SECURE']) delete env[k];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_PASSWORD,
    SEED: 'sample',
    LOG_LEVEL: 'warn',
    ISSUE_RATE_PER_MINUTE,
    LOGIN_RATE_PER_MINUTE: '1000',
    // The realtime benchmark connects a thousand displays from this one machine.
    SOCKETS_PER_ADDRESS: '5000',
  });
  delete env.DATABASE_URL;
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the server into <dir> (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`]
    : [];
  const entry = opts.built ? [BUILT_MAIN] : ['--import', 'tsx', SERVER_MAIN];
  const child = spawn(process.execPath, [...profile, ...entry], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output = () => `--- server stdout ---\n${stdout}\n--- server stderr ---\n${stderr}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timeout = sleep(15_000).then(() => 'timeout' as const);
    const code = await Promise.race([exited, timeout]);
    if (code === 'timeout') {
      child.kill('SIGKILL');
      throw new Error(`the server did not stop within 15 s after SIGTERM\n${output()}`);
    }
    return code;
  };

  const deadline = Date.now() + 60_000;
  let kioskCode: string | undefined;
  // The first start writes the pairing links to a file only the server's user can read.
  const secrets = path.join(dataDir, 'first-start-secrets.txt');
  // Started again over data already there (opts.dataDir): no first start, no kiosk to pair.
  while (!kioskCode && !opts.dataDir) {
    kioskCode = existsSync(secrets)
      ? /pair kiosk\s+\S*#pair=(\S+)/.exec(readFileSync(secrets, 'utf8'))?.[1]
      : undefined;
    if (kioskCode) break;
    if (child.exitCode !== null)
      throw new Error(
        `the server exited with code ${child.exitCode} before writing the kiosk link\n${output()}`,
      );
    if (Date.now() > deadline) {
      await stop().catch(() => undefined);
      throw new Error(`no kiosk pairing link in ${secrets} within 60 s\n${output()}`);
    }
    await sleep(50);
  }
  const origin = `http://127.0.0.1:${port}`;
  for (;;) {
    try {
      const res = await fetch(`${origin}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop().catch(() => undefined);
      throw new Error(`/api/health did not answer within 60 s\n${output()}`);
    }
    await sleep(50);
  }
  if (!kioskCode) {
    return {
      child,
      origin,
      kioskToken: '',
      dataDir,
      databaseFile: path.join(dataDir, 'numerek.sqlite'),
      output,
      stop,
    };
  }
  // The link carries a one-time code; the kiosk uses it once for its own token.
  const paired = await fetch(`${origin}/api/devices/pair`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: kioskCode }),
  });
  if (!paired.ok) {
    await stop().catch(() => undefined);
    throw new Error(`pairing the kiosk failed: HTTP ${paired.status} ${await paired.text()}\n${output()}`);
  }
  const { token: kioskToken } = (await paired.json()) as { token: string };
  return {
    child,
    origin,
    kioskToken,
    dataDir,
    databaseFile: path.join(dataDir, 'numerek.sqlite'),
    output,
    stop,
  };
}

async function json<T>(res: Response, what: string): Promise<T> {
  if (!res.ok) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface AdminCategory {
  id: string;
  prefix: string;
  openingHours: unknown[] | null;
  dailyLimit: number | null;
}

/**
 * The sample office has a daily limit of 150 on P and weekday hours on F; thousands of tickets
 * at any hour would be refused there (correctly). An administrator lifts both through the API,
 * so every request can succeed and any non-201 is a real failure.
 */
export async function prepareOffice(origin: string): Promise<{ notes: string[]; cookie: string }> {
  const login = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
  if (!login.ok) throw new Error(`admin login: HTTP ${login.status} ${await login.text()}`);
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const categories = await json<AdminCategory[]>(
    await fetch(`${origin}/api/admin/categories`, { headers: { cookie } }),
    'admin categories',
  );
  const notes: string[] = [];
  for (const c of categories) {
    if (c.openingHours === null && c.dailyLimit === null) continue;
    const res = await fetch(`${origin}/api/admin/categories/${c.id}`, {
      method: 'PATCH',
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ openingHours: null, dailyLimit: null }),
    });
    await json<unknown>(res, `patch category ${c.prefix}`);
    const what = [
      c.dailyLimit !== null ? `daily limit ${c.dailyLimit}` : '',
      c.openingHours !== null ? 'opening hours' : '',
    ]
      .filter(Boolean)
      .join(' and ');
    notes.push(`lifted ${what} of category ${c.prefix}`);
  }
  return { notes, cookie };
}

interface LoadOutcome {
  latencies: number[];
  /** performance.now() at each 201. */
  createdAt: number[];
  created: number;
  ids: string[];
  statuses: Map<string, number>;
  firstFailure: string | null;
  started: number;
  seconds: number;
}

interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/** `total` requests over `connections` parallel loops; `expect` is the status that counts as success. */
async function load(
  pool: Pool,
  total: number,
  connections: number,
  auth: Record<string, string>,
  callFor: (i: number) => Call,
  expect = 201,
): Promise<LoadOutcome> {
  const out: LoadOutcome = {
    latencies: [],
    createdAt: [],
    created: 0,
    ids: [],
    statuses: new Map(),
    firstFailure: null,
    started: 0,
    seconds: 0,
  };
  const headers = { ...auth, 'content-type': 'application/json' };
  let next = 0;
  const count = (key: string) => out.statuses.set(key, (out.statuses.get(key) ?? 0) + 1);
  const worker = async () => {
    for (let i = next++; i < total; i = next++) {
      const started = performance.now();
      try {
        const res = await pool.request({ headers, ...callFor(i) });
        const text = await res.body.text();
        out.latencies.push(performance.now() - started);
        count(String(res.statusCode));
        if (res.statusCode === expect) {
          out.created++;
          out.createdAt.push(performance.now());
          if (expect === 201) out.ids.push((JSON.parse(text) as { id: string }).id);
        } else {
          out.firstFailure ??= `HTTP ${res.statusCode}: ${text.slice(0, 300)}`;
        }
      } catch (error) {
        count('network error');
        out.firstFailure ??= `network error: ${error instanceof Error ? error.message : String(error)}`;
      }
    }
  };
  const started = performance.now();
  out.started = started;
  await Promise.all(Array.from({ length: connections }, worker));
  out.seconds = (performance.now() - started) / 1000;
  return out;
}

/** Rate of 201s in the first or last fifth of them, in tickets per second. */
function fifthRate(run: LoadOutcome, which: 'first' | 'last'): number {
  const n = Math.floor(run.createdAt.length / 5);
  if (n < 2) return Number.NaN;
  const xs = which === 'first' ? [run.started, ...run.createdAt.slice(0, n)] : run.createdAt.slice(-n - 1);
  return (xs.length - 1) / (((xs[xs.length - 1] as number) - (xs[0] as number)) / 1000);
}

type Verified = Omit<IssueResult['verify'], 'ok' | 'expected'>;

const VERIFY_SQL = {
  ids: 'SELECT id FROM tickets',
  duplicateNumbers:
    'SELECT count(*) FROM (SELECT 1 FROM tickets GROUP BY category_id, service_day, number HAVING count(*) > 1) AS d',
  issuedEvents: "SELECT count(*) FROM ticket_events WHERE type = 'issued'",
};

function verified(inDb: Set<string>, ids: readonly string[], duplicateNumbers: number, issuedEvents: number) {
  return {
    ticketsInDb: inDb.size,
    missingIds: ids.filter((id) => !inDb.has(id)).length,
    duplicateNumbers,
    issuedEvents,
  };
}

/** What the server stored, read after it stopped: from its SQLite file or its PostgreSQL database. */
async function verifyDatabase(
  target: { file: string } | { url: string },
  ids: readonly string[],
): Promise<Verified> {
  if ('url' in target) {
    const db = await connectDatabase({ engine: 'postgres', url: target.url });
    try {
      const inDb = new Set((await db.all<{ id: string }>(VERIFY_SQL.ids)).map((r) => r.id));
      return verified(
        inDb,
        ids,
        Number(await db.value(VERIFY_SQL.duplicateNumbers)),
        Number(await db.value(VERIFY_SQL.issuedEvents)),
      );
    } finally {
      await db.close();
    }
  }
  const db = new Database(target.file, { readonly: true, fileMustExist: true });
  try {
    const inDb = new Set(db.prepare(VERIFY_SQL.ids).pluck().all() as string[]);
    return verified(
      inDb,
      ids,
      db.prepare(VERIFY_SQL.duplicateNumbers).pluck().get() as number,
      db.prepare(VERIFY_SQL.issuedEvents).pluck().get() as number,
    );
  } finally {
    db.close();
  }
}

/** Tickets per second through the real server over HTTP, then a check of what reached the disk. */
export async function measureHttpIssuing(
  opts: IssueOptions,
  log: (line: string) => void,
  target: ServerOptions = {},
): Promise<IssueResult> {
  const server = await startServer(target);
  let stopped = false;
  try {
    const { notes: setupNotes, cookie } = await prepareOffice(server.origin);
    const auth = { authorization: `Bearer ${server.kioskToken}` };
    // Tickets are issued with a staff session: the issuing path (number, estimate, durable commit)
    // without the printing a kiosk waits for, which the print benchmark measures on its own.
    const staff = { cookie };
    setupNotes.push('tickets issued with a staff session (no printing; see the print benchmark)');
    const categories = await json<Array<{ id: string; prefix: string; status: string }>>(
      await fetch(`${server.origin}/api/categories`, { headers: auth }),
      'categories',
    );
    const closed = categories.filter((c) => c.status !== 'open');
    if (closed.length)
      throw new Error(
        `categories not open for issuing: ${closed.map((c) => `${c.prefix}=${c.status}`).join(', ')}`,
      );
    const groups = await json<Array<{ id: string }>>(
      await fetch(`${server.origin}/api/priority-groups`, { headers: auth }),
      'priority groups',
    );
    if (!categories.length || !groups.length)
      throw new Error('the sample office has no categories or no priority groups');
    const everyNth = Math.round(1 / opts.priorityShare);
    const bodyFor = (i: number) => {
      const category = categories[i % categories.length] as { id: string };
      const group =
        i % everyNth === everyNth - 1 ? groups[Math.floor(i / everyNth) % groups.length] : undefined;
      return JSON.stringify(
        group ? { categoryId: category.id, priorityGroupId: group.id } : { categoryId: category.id },
      );
    };
    log(
      `  server pid ${server.child.pid} on ${server.origin}; ${categories.length} categories, ${groups.length} priority groups`,
    );

    const pool = new Pool(server.origin, { connections: opts.connections, pipelining: 1 });
    const issue = (i: number): Call => ({ method: 'POST', path: '/api/tickets', body: bodyFor(i) });
    const warm = await load(pool, opts.warmup, opts.connections, staff, (i) => issue(i + 1_000_000));
    const serverCpu0 = processCpuSeconds(server.child.pid);
    const loaderCpu0 = process.cpuUsage();
    const run = await load(pool, opts.requests, opts.connections, staff, issue);
    const loaderCpu = process.cpuUsage(loaderCpu0);
    const serverCpu1 = processCpuSeconds(server.child.pid);

    // For comparison, what this server and this load generator manage without issuing anything.
    const floor = async (call: Call, expect: number): Promise<HttpFloor> => {
      const cpu0 = processCpuSeconds(server.child.pid);
      const r = await load(pool, opts.floorRequests, opts.connections, staff, () => call, expect);
      const cpu1 = processCpuSeconds(server.child.pid);
      return {
        label: `${call.method} ${call.path}${call.body ? ` ${call.body}` : ''} → ${expect}`,
        perSecond: r.created / r.seconds,
        ok: r.created,
        requests: opts.floorRequests,
        serverCpuMsPerRequest:
          cpu0 !== null && cpu1 !== null ? ((cpu1 - cpu0) * 1000) / opts.floorRequests : null,
      };
    };
    const floors = opts.floorRequests
      ? [
          await floor({ method: 'GET', path: '/api/health' }, 200),
          await floor(
            {
              method: 'POST',
              path: '/api/tickets',
              body: JSON.stringify({ categoryId: 'no-such-category' }),
            },
            404,
          ),
        ]
      : [];
    await pool.close();

    const code = await server.stop();
    stopped = true;
    if (code !== 0) throw new Error(`the server exited with code ${code} on SIGTERM\n${server.output()}`);

    const statuses = new Map(warm.statuses);
    for (const [k, v] of run.statuses) statuses.set(k, (statuses.get(k) ?? 0) + v);
    const allIds = [...warm.ids, ...run.ids];
    const checked = await verifyDatabase(
      target.databaseUrl ? { url: target.databaseUrl } : { file: server.databaseFile },
      allIds,
    );
    const expected = allIds.length;
    const nonCreated = opts.warmup + opts.requests - expected;
    return {
      requests: opts.requests,
      created: run.created,
      nonCreated,
      statuses: Object.fromEntries(statuses),
      firstFailure: warm.firstFailure ?? run.firstFailure,
      seconds: run.seconds,
      ticketsPerSecond: run.created / run.seconds,
      firstFifthPerSecond: fifthRate(run, 'first'),
      lastFifthPerSecond: fifthRate(run, 'last'),
      latency: summarize(run.latencies),
      serverCpuSeconds: serverCpu0 !== null && serverCpu1 !== null ? serverCpu1 - serverCpu0 : null,
      loaderCpuSeconds: (loaderCpu.user + loaderCpu.system) / 1e6,
      setupNotes,
      floors,
      verify: {
        ...checked,
        expected,
        ok:
          checked.ticketsInDb === expected &&
          checked.missingIds === 0 &&
          checked.duplicateNumbers === 0 &&
          checked.issuedEvents === expected,
      },
    };
  } finally {
    if (!stopped) await server.stop().catch(() => undefined);
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}
