/**
 * The central scenario of `npm run bench` (BENCH_ONLY=central): three nodes on one PostgreSQL
 * behind HAProxy with deploy/haproxy.cfg, beside one node on SQLite, measured in the same run
 * with the same city: offices with their clerks, issuing loops and hall displays. Prints
 * call → display p50/p99 for both, and for the nodes the slowest request (as a client sees it,
 * its retries included) while a node is killed with SIGKILL and started again.
 */
import { MemoryPrinter } from '@numerek/hardware';
import { buildServices, connectDatabase, loadConfig, systemClock } from '@numerek/server';
import { newDatabase, type PostgresServer } from '@numerek/server/testing/postgres';
import { PROTOCOL_VERSION, type DisplayCall } from '@numerek/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { HAPROXY, HaproxyProcess, NO_HAPROXY } from '../cluster/support/haproxy.ts';
import { freePort, ServerProcess } from '../reliability/server-process.ts';
import { createOffice, PASSWORD_COST, signIn } from './offices.ts';
import { sleep, summarize, type LatencySummary } from './stats.ts';

export interface CentralOptions {
  offices: number;
  /** Counters per office, each with its clerk calling, starting and finishing in a loop. */
  clerks: number;
  /** Hall display sockets per office. */
  displays: number;
  /** Timed seconds of each run. */
  seconds: number;
  /** Each office's kiosk issues a ticket this often (ms). */
  issueEveryMs: number;
  /** A clerk's pause between one client and the next (ms). */
  servePauseMs: number;
}

export interface CentralRun {
  callToDisplay: LatencySummary;
  requests: LatencySummary;
  calls: number;
  issued: number;
  failed: number;
  /** (call, display) pairs where the display never heard the call within the run. */
  unheard: number;
  /** The slowest request from a kill to two seconds after the node answered again (nodes only). */
  slowestWhileKilled: number | null;
}

export interface CentralResult {
  single: CentralRun;
  nodes: CentralRun;
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

interface MadeOffice {
  id: string;
  categoryIds: string[];
  counterIds: string[];
  usernames: string[][];
  pairingCode: string;
}

/** Makes the city's offices in this process, on the database a first start has made. */
async function furnish(
  target: { engine: 'sqlite'; file: string; dir: string } | { engine: 'postgres'; url: string },
  opts: CentralOptions,
): Promise<MadeOffice[]> {
  const dir = target.engine === 'sqlite' ? target.dir : mkdtempSync(path.join(tmpdir(), 'numerek-central-'));
  const config = loadConfig({
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    ...(target.engine === 'postgres' ? { DATABASE_URL: target.url } : {}),
  });
  const db = await connectDatabase(
    target.engine === 'postgres' ? target : { engine: 'sqlite', file: target.file },
  );
  const services = buildServices(
    { config, db, clock: systemClock, printer: new MemoryPrinter(), passwordCost: PASSWORD_COST },
    silent,
  );
  const made: MadeOffice[] = [];
  try {
    const sample = (await services.offices.list())[0];
    const admin = sample && (await services.users.list(sample.id)).find((u) => u.role === 'admin');
    if (!sample || !admin) throw new Error('the first start made no office with an administrator');
    const central = {
      kind: 'user' as const,
      id: admin.id,
      officeId: sample.id,
      role: 'admin' as const,
      displayName: admin.displayName,
      username: admin.username,
    };
    for (let i = 1; i <= opts.offices; i++) {
      const o = await createOffice(services, central, sample.id, `Urząd ${i}`, {
        issuers: 1,
        clerks: opts.clerks,
        warmupSeconds: 0,
        seconds: 0,
        priorityShare: 0,
      });
      const tv = await services.devices.create(
        { ...central, officeId: o.id },
        { kind: 'display', name: 'TV' },
      );
      made.push({ ...o, pairingCode: tv.pairingUrl.slice(tv.pairingUrl.indexOf('#pair=') + 6) });
    }
  } finally {
    await services.writes.drain();
    await db.close();
    if (target.engine === 'postgres') rmSync(dir, { recursive: true, force: true });
  }
  return made;
}

/** Runs the city's load through `base` for `opts.seconds`; `during` runs alongside (the kills). */
async function load(
  base: string,
  offices: MadeOffice[],
  opts: CentralOptions,
  during: (mark: (from: number, to: number) => void) => Promise<void>,
): Promise<CentralRun> {
  const req = async (cookie: string, url: string, body?: unknown, key?: string) => {
    const res = await fetch(`${base}${url}`, {
      method: 'POST',
      headers: {
        cookie,
        'content-type': 'application/json',
        ...(key ? { 'idempotency-key': key } : {}),
      },
      body: JSON.stringify(body ?? {}),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
  // Signed in and paired before the clock starts.
  const sockets: Socket[] = [];
  const heard = new Map<string, number[]>();
  const prepared = [];
  for (const [i, o] of offices.entries()) {
    const cookies: string[] = [];
    for (const u of o.usernames.flat()) cookies.push(await signIn(base, u));
    const paired = await fetch(`${base}/api/devices/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: o.pairingCode }),
    });
    const { token } = (await paired.json()) as { token: string };
    for (const [c, counterId] of o.counterIds.entries()) {
      const opened = await req(cookies[1 + c] ?? '', `/api/counters/${counterId}/open`);
      if (opened.status !== 200) throw new Error(`opening a counter: ${JSON.stringify(opened.body)}`);
    }
    for (let d = 0; d < opts.displays; d++) {
      const s = io(`${base}/display`, {
        auth: { protocol: PROTOCOL_VERSION, token },
        transports: ['websocket'],
        forceNew: true,
        reconnectionDelay: 250,
        reconnectionDelayMax: 800,
      });
      s.on('ticket:called', (e: DisplayCall) => {
        const k = `${i} ${e.code}`;
        heard.set(k, [...(heard.get(k) ?? []), performance.now()]);
      });
      sockets.push(s);
    }
    prepared.push({ o, i, cookies });
  }
  const deadline = Date.now() + 30_000;
  while (sockets.some((s) => !s.connected)) {
    if (Date.now() > deadline) throw new Error('not every display connected within 30 s');
    await sleep(50);
  }

  const durations: Array<{ at: number; ms: number }> = [];
  const called: Array<{ k: string; at: number }> = [];
  let issued = 0;
  let failed = 0;
  let stop = false;
  let keys = 0;
  /** One press as an app makes it: repeated with its key until a node answers it. */
  const press = async (cookie: string, url: string, body?: unknown) => {
    const started = performance.now();
    const key = `bench-${++keys}`;
    for (let attempt = 0; attempt < 40; attempt++) {
      try {
        const res = await req(cookie, url, body, key);
        if (res.status < 502) {
          durations.push({ at: started, ms: performance.now() - started });
          return res;
        }
      } catch {
        // The node died under the request.
      }
      await sleep(50);
    }
    failed++;
    return null;
  };
  const loops: Array<Promise<void>> = [];
  for (const { o, i, cookies } of prepared) {
    loops.push(
      (async () => {
        while (!stop) {
          const categoryId = o.categoryIds[Math.floor(Math.random() * o.categoryIds.length)] ?? '';
          const res = await press(cookies[0] ?? '', '/api/tickets', { categoryId });
          if (res?.status === 201) issued++;
          await sleep(opts.issueEveryMs * (0.5 + Math.random()));
        }
      })(),
    );
    for (const [c, counterId] of o.counterIds.entries()) {
      const cookie = cookies[1 + c] ?? '';
      loops.push(
        (async () => {
          await sleep(Math.random() * opts.servePauseMs);
          while (!stop) {
            const next = await press(cookie, `/api/counters/${counterId}/next`);
            const ticket = (next?.body as { ticket?: { code: string } | null } | null)?.ticket;
            if (!ticket) {
              await sleep(opts.servePauseMs);
              continue;
            }
            called.push({ k: `${i} ${ticket.code}`, at: performance.now() });
            await press(cookie, `/api/counters/${counterId}/start`);
            await sleep(opts.servePauseMs * (0.5 + Math.random()));
            await press(cookie, `/api/counters/${counterId}/finish`);
          }
        })(),
      );
    }
  }
  const windows: Array<{ from: number; to: number }> = [];
  await Promise.all([
    sleep(opts.seconds * 1000).then(() => (stop = true)),
    during((from, to) => windows.push({ from, to })),
  ]);
  await Promise.all(loops);
  await sleep(1000);
  for (const s of sockets) s.disconnect();

  const latencies: number[] = [];
  let unheard = 0;
  for (const c of called) {
    const times = heard.get(c.k) ?? [];
    // Every display of the office, each at its own time; one not heard counts as the run's length.
    for (let d = 0; d < opts.displays; d++) {
      const t = times[d];
      if (t === undefined) unheard++;
      latencies.push(t === undefined ? opts.seconds * 1000 : Math.max(0, t - c.at));
    }
  }
  const inWindow = durations.filter((d) => windows.some((w) => d.at + d.ms >= w.from && d.at <= w.to));
  return {
    callToDisplay: summarize(latencies),
    requests: summarize(durations.map((d) => d.ms)),
    calls: called.length,
    issued,
    failed,
    unheard,
    slowestWhileKilled: windows.length ? Math.max(0, ...inWindow.map((d) => d.ms)) : null,
  };
}

const nodeEnv = { SOCKETS_PER_ADDRESS: '100000', LOG_LEVEL: 'warn' };

/** One node on SQLite: the first start makes the sample office, then the city is added to its file. */
async function single(opts: CentralOptions): Promise<CentralRun> {
  const server = await ServerProcess.create({ built: true, env: nodeEnv });
  try {
    await server.start();
    await server.stop();
    const offices = await furnish({ engine: 'sqlite', file: server.databaseFile, dir: server.dataDir }, opts);
    await server.start();
    return await load(server.base, offices, opts, async () => undefined);
  } finally {
    await server.dispose();
  }
}

/** Three nodes on PostgreSQL behind HAProxy; one node is killed half-way and started again. */
async function nodes(pg: PostgresServer, opts: CentralOptions): Promise<CentralRun> {
  const url = await newDatabase({ serverUrl: pg.adminUrl, empty: true });
  const all = await Promise.all(
    [0, 1, 2].map(() => ServerProcess.create({ built: true, env: { ...nodeEnv, DATABASE_URL: url } })),
  );
  const [a, b, c] = all as [ServerProcess, ServerProcess, ServerProcess];
  const proxy = new HaproxyProcess(await freePort(), [a.port, b.port, c.port]);
  try {
    await a.start();
    await a.stop();
    const offices = await furnish({ engine: 'postgres', url }, opts);
    await Promise.all(all.map((n) => n.start()));
    await proxy.start();
    return await load(proxy.base, offices, opts, async (mark) => {
      await sleep((opts.seconds * 1000) / 3);
      const from = performance.now();
      await b.kill();
      await sleep(1000);
      await b.start();
      await sleep(2000);
      mark(from, performance.now());
    });
  } finally {
    await proxy.stop();
    for (const n of all) await n.dispose();
  }
}

export async function measureCentral(
  pg: PostgresServer,
  opts: CentralOptions,
  log: (line: string) => void,
): Promise<CentralResult | { skipped: string }> {
  if (!HAPROXY) return { skipped: NO_HAPROXY };
  log(`  one node on SQLite…`);
  const one = await single(opts);
  log(`  three nodes on PostgreSQL behind HAProxy, node B killed a third of the way in…`);
  const three = await nodes(pg, opts);
  return { single: one, nodes: three };
}
