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
import { PROTOCOL_VERSION, type DisplayCall, type DisplaySnapshot } from '@numerek/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { applyCall, applySnapshot, EMPTY_STATE, judge, type DisplayState } from '../../display/src/state.ts';
import { HAPROXY, HaproxyProcess, NO_HAPROXY } from '../cluster/support/haproxy.ts';
import { freePort, ServerProcess } from '../reliability/server-process.ts';
import { processCpuSeconds } from './issue-throughput.ts';
import { createOffice, PASSWORD_COST, signIn } from './offices.ts';
import { pgCpuSeconds } from './postgres.ts';
import { sleep, summarize, type LatencySummary } from './stats.ts';

export interface CentralOptions {
  offices: number;
  /** Counters per office, each with its clerk calling, starting and finishing in a loop. */
  clerks: number;
  /** Hall display sockets per office. */
  displays: number;
  /** Timed seconds of each run. */
  seconds: number;
  /**
   * Seconds of the same load before the timed run, recorded nowhere: each node serves its first
   * tickets and calls (its routes' first answers, its connections, its caches) before the clock
   * starts, as a node in service has. A node started during the run (the one killed) is not warm.
   */
  warmupSeconds: number;
  /** Each office's kiosk issues a ticket this often (ms). */
  issueEveryMs: number;
  /** A clerk's pause between one client and the next (ms). */
  servePauseMs: number;
}

export interface CentralRun {
  /**
   * From the clerk's press of `next` (its request sent) to each display of the office showing
   * the call, for (call, display) pairs whose display was connected from the press to 2 s after
   * it: how long the hall takes to show what a clerk did, fan-out across nodes included.
   */
  callToDisplay: LatencySummary;
  /**
   * The same pairs, from the clerk's answer to the display's event: negative where the display
   * heard the call before the clerk's own panel got its answer (usual on one node, where both
   * leave the server together).
   */
  answerToDisplay: LatencySummary;
  /** Every pair, displays that were reconnecting included (a call learnt from the snapshot). */
  callToDisplayAll: LatencySummary;
  requests: LatencySummary;
  calls: number;
  issued: number;
  failed: number;
  /** (call, display) pairs where the display never showed the call within the run. */
  unheard: number;
  /** Display sockets that reconnected during the run. */
  reconnects: number;
  /** The slowest request from a kill to two seconds after the node answered again (nodes only). */
  slowestWhileKilled: number | null;
  /** Requests answered before the kill (nodes only): how the nodes did without one dying. */
  requestsBeforeKill: LatencySummary | null;
  /**
   * {@link callToDisplay} for calls pressed before the kill (nodes only), and for calls pressed
   * from the kill to 2 s after the killed node answered again.
   */
  callToDisplayBeforeKill: LatencySummary | null;
  callToDisplayWhileKilled: LatencySummary | null;
  /** What the proxy said about its nodes during the run, in s after its start (nodes only). */
  proxyEvents: string[];
  /** CPU per second of the timed run: this process (the load), the Numerek processes, PostgreSQL. */
  cpu: { loader: number; nodes: number | null; postgres: number | null };
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
  cpuOf: { nodes: () => number | null; postgres: () => number | null },
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
  /** By office and code: when each display (by its index) first showed the call. */
  const heard = new Map<string, Map<number, number>>();
  /** By display: the times it was without a current snapshot (from a disconnect to the next). */
  const outages: Array<Array<{ from: number; to: number }>> = [];
  let reconnects = 0;
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
      const display = sockets.length;
      const s = io(`${base}/display`, {
        auth: { protocol: PROTOCOL_VERSION, token },
        transports: ['websocket'],
        forceNew: true,
        reconnectionDelay: 250,
        reconnectionDelayMax: 800,
      });
      // As the display app does (display/src/state.ts): a snapshot on every (re)connect and after
      // a gap in the stream's numbers, a delta applied once. A call is shown from the moment
      // the display knows it, by its event or by a snapshot.
      let state: DisplayState = EMPTY_STATE;
      const gone: Array<{ from: number; to: number }> = [{ from: 0, to: Number.POSITIVE_INFINITY }];
      outages.push(gone);
      const shown = (code: string, at: number) => {
        const k = `${i} ${code}`;
        const times = heard.get(k) ?? new Map<number, number>();
        if (!times.has(display)) times.set(display, at);
        heard.set(k, times);
      };
      const snapshot = (snap: DisplaySnapshot) => {
        const at = performance.now();
        state = applySnapshot(snap, Date.now());
        for (const c of snap.calls) shown(c.code, at);
        const open = gone.at(-1);
        if (open && open.to === Number.POSITIVE_INFINITY) open.to = at;
      };
      s.on('queue:snapshot', snapshot);
      s.on('ticket:called', (e: DisplayCall) => {
        const verdict = judge(state, e);
        if (verdict === 'apply') {
          state = applyCall(state, e);
          shown(e.code, performance.now());
        } else if (verdict === 'gap') {
          void s
            .timeout(5000)
            .emitWithAck('sync:request')
            .then((r: { ok: boolean; data?: DisplaySnapshot }) =>
              r.ok && r.data ? snapshot(r.data) : undefined,
            )
            .catch(() => undefined);
        }
      });
      s.on('disconnect', (reason) => {
        if (reason === 'io client disconnect') return; // the run's end
        reconnects++;
        gone.push({ from: performance.now(), to: Number.POSITIVE_INFINITY });
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
  const called: Array<{ k: string; office: number; sentAt: number; answeredAt: number }> = [];
  let issued = 0;
  let failed = 0;
  let stop = false;
  let keys = 0;
  /** Requests and calls count from the end of the warm-up. */
  let recordFrom = Number.POSITIVE_INFINITY;
  /** One press as an app makes it: repeated with its key until a node answers it. */
  const press = async (cookie: string, url: string, body?: unknown) => {
    const started = performance.now();
    const key = `bench-${++keys}`;
    for (let attempt = 0; attempt < 40; attempt++) {
      const sentAt = performance.now();
      try {
        const res = await req(cookie, url, body, key);
        if (res.status < 502) {
          const answeredAt = performance.now();
          if (started >= recordFrom) durations.push({ at: started, ms: answeredAt - started });
          return { ...res, sentAt, answeredAt };
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
          if (res?.status === 201 && res.sentAt >= recordFrom) issued++;
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
            if (next && next.sentAt >= recordFrom)
              called.push({
                k: `${i} ${ticket.code}`,
                office: i,
                sentAt: next.sentAt,
                answeredAt: next.answeredAt,
              });
            await press(cookie, `/api/counters/${counterId}/start`);
            await sleep(opts.servePauseMs * (0.5 + Math.random()));
            await press(cookie, `/api/counters/${counterId}/finish`);
          }
        })(),
      );
    }
  }
  const windows: Array<{ from: number; to: number }> = [];
  await sleep(opts.warmupSeconds * 1000);
  recordFrom = performance.now();
  const cpuAtStart = { loader: process.cpuUsage(), nodes: cpuOf.nodes(), postgres: cpuOf.postgres() };
  const startedAt = performance.now();
  // The timed seconds, and whatever `during` does (the nodes' kill comes after those seconds).
  await Promise.all([sleep(opts.seconds * 1000), during((from, to) => windows.push({ from, to }))]);
  stop = true;
  const loaderCpu = process.cpuUsage(cpuAtStart.loader);
  const [nodesCpu, pgCpu] = [cpuOf.nodes(), cpuOf.postgres()];
  const seconds = (performance.now() - startedAt) / 1000;
  const perSecond = (a: number | null, b: number | null) =>
    a === null || b === null ? null : (b - a) / seconds;
  await Promise.all(loops);
  await sleep(1000);
  for (const s of sockets) s.disconnect();

  const connected: number[] = [];
  const connectedAt: Array<{ at: number; ms: number }> = [];
  const answered: number[] = [];
  const all: number[] = [];
  let unheard = 0;
  for (const c of called) {
    const times = heard.get(c.k);
    // Every display of the office: its sockets are numbered office by office.
    for (let d = c.office * opts.displays; d < (c.office + 1) * opts.displays; d++) {
      const t = times?.get(d);
      if (t === undefined) {
        unheard++;
        all.push(opts.seconds * 1000);
        continue;
      }
      all.push(t - c.sentAt);
      const away = outages[d]?.some((o) => o.from <= c.sentAt + 2000 && o.to >= c.sentAt);
      if (away) continue;
      connected.push(t - c.sentAt);
      connectedAt.push({ at: c.sentAt, ms: t - c.sentAt });
      answered.push(t - c.answeredAt);
    }
  }
  const inWindow = durations.filter((d) => windows.some((w) => d.at + d.ms >= w.from && d.at <= w.to));
  const firstKill = windows[0]?.from;
  return {
    requestsBeforeKill:
      firstKill === undefined
        ? null
        : summarize(durations.filter((d) => d.at + d.ms < firstKill).map((d) => d.ms)),
    callToDisplayBeforeKill:
      firstKill === undefined
        ? null
        : summarize(connectedAt.filter((d) => d.at < firstKill).map((d) => d.ms)),
    callToDisplayWhileKilled: windows.length
      ? summarize(
          connectedAt.filter((d) => windows.some((w) => d.at >= w.from && d.at <= w.to)).map((d) => d.ms),
        )
      : null,
    proxyEvents: [],
    callToDisplay: summarize(connected),
    answerToDisplay: summarize(answered),
    callToDisplayAll: summarize(all),
    requests: summarize(durations.map((d) => d.ms)),
    calls: called.length,
    issued,
    failed,
    unheard,
    reconnects,
    slowestWhileKilled: windows.length ? Math.max(0, ...inWindow.map((d) => d.ms)) : null,
    cpu: {
      loader: (loaderCpu.user + loaderCpu.system) / 1e6 / seconds,
      nodes: perSecond(cpuAtStart.nodes, nodesCpu),
      postgres: perSecond(cpuAtStart.postgres, pgCpu),
    },
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
    return await load(server.base, offices, opts, async () => undefined, {
      nodes: () => processCpuSeconds(server.running ? server.pid : undefined),
      postgres: () => null,
    });
  } finally {
    await server.dispose();
  }
}

/**
 * Three nodes on PostgreSQL behind HAProxy: `opts.seconds` with all three serving (compared with
 * the one node's run of the same length), then node B is killed, started again, and the run goes
 * on until a few seconds after it is back (the kill window, judged on its own).
 */
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
    // A killed node's CPU until its death is lost with it: what the nodes used is summed from
    // the CPU each process used, the dead one's last reading kept.
    const spent = new Map<number, number>();
    const began = performance.now();
    const nodesCpu = () => {
      for (const n of all) {
        const pid = n.running ? n.pid : undefined;
        const used = processCpuSeconds(pid);
        if (pid !== undefined && used !== null) spent.set(pid, used);
      }
      return [...spent.values()].reduce((x, y) => x + y, 0);
    };
    return await load(
      proxy.base,
      offices,
      opts,
      async (mark) => {
        // The timed seconds with the three nodes up, as the one node ran; then the kill.
        await sleep(opts.seconds * 1000);
        const from = performance.now();
        nodesCpu();
        await b.kill();
        await sleep(1000);
        await b.start();
        await sleep(2000);
        mark(from, performance.now());
        // A few seconds more, with node B back: the run ends with every node serving.
        await sleep(3000);
      },
      { nodes: nodesCpu, postgres: () => pgCpuSeconds(pg) },
    ).then((run) => ({
      ...run,
      proxyEvents: proxy.lines
        .filter((l) => l.line.startsWith('<') && /Server \S+ is (UP|DOWN)|no server available/.test(l.line))
        .map(
          (l) =>
            `${((l.at - began) / 1000).toFixed(1)} s ${l.line.replace(/^.*?(Server|backend)/, '$1').slice(0, 90)}`,
        ),
    }));
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
  log(
    `  three nodes on PostgreSQL behind HAProxy, ${opts.seconds} s with all three, then node B killed and started again…`,
  );
  const three = await nodes(pg, opts);
  return { single: one, nodes: three };
}
