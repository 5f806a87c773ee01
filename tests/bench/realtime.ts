import { PROTOCOL_VERSION, type DisplayCall } from '@numerek/shared';
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { ADMIN_PASSWORD, prepareOffice, startServer } from './issue-throughput.ts';
import { sleep, summarize, type LatencySummary } from './stats.ts';

export interface RealtimeOptions {
  displays: number;
  counters: number;
  warmup: number;
  calls: number;
  /** Displays connected for the memory reading. */
  rssDisplays: number;
}

export interface RealtimeResult {
  /** `next` request sent → `ticket:called` at the last of the displays. */
  numerek: LatencySummary;
  /** `POST /go` to a bare socket.io server → its broadcast at the last of the displays. */
  bare: LatencySummary;
  /** `next` HTTP round trip alone, for reference. */
  nextHttp: LatencySummary;
  rss: {
    /** The freshly started server with the sample office, no clients. */
    idleMb: number;
    /** The same with `rssDisplays` displays connected (each got its snapshot). */
    withManyMb: number;
    perDisplayKb: number;
  };
  connected: { displays: number; counters: number; many: number };
}

const BARE_SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bare-broadcast-server.ts');

function rssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

async function connectAll(url: string, n: number, opts: Parameters<typeof io>[1] = {}): Promise<Socket[]> {
  const sockets: Socket[] = [];
  const batch = 100;
  for (let i = 0; i < n; i += batch) {
    const group = Array.from({ length: Math.min(batch, n - i) }, () =>
      io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...opts }),
    );
    await Promise.all(
      group.map(
        (s) =>
          new Promise<void>((resolve, reject) => {
            s.once('connect', () => resolve());
            s.once('connect_error', (e) => reject(e));
          }),
      ),
    );
    sockets.push(...group);
  }
  return sockets;
}

/** Resolves with the time at which every socket has seen an event matching `match`. */
function allReceived(sockets: Socket[], event: string, match: (e: DisplayCall) => boolean): Promise<number> {
  return new Promise((resolve) => {
    let left = sockets.length;
    for (const s of sockets) {
      const h = (e: DisplayCall) => {
        if (!match(e)) return;
        s.off(event, h);
        left -= 1;
        if (left === 0) resolve(performance.now());
      };
      s.on(event, h);
    }
  });
}

export async function post(url: string, cookie: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

export async function login(origin: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${origin}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username}: HTTP ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** Times the bare broadcast: the same number of displays, the same process layout. */
async function measureBare(opts: RealtimeOptions): Promise<LatencySummary> {
  const child = spawn(process.execPath, ['--import', 'tsx', BARE_SERVER], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
    });
    const origin = `http://127.0.0.1:${port}`;
    const displays = await connectAll(`${origin}/display`, opts.displays);
    const samples: number[] = [];
    for (let i = 0; i < opts.warmup + opts.calls; i++) {
      const id = `t${i + 1}`;
      const arrived = allReceived(displays, 'ticket:called', (e) => e.key === id);
      const t0 = performance.now();
      const res = await fetch(`${origin}/go`, { method: 'POST' });
      if (res.status !== 204) throw new Error(`bare /go: HTTP ${res.status}`);
      const t1 = await arrived;
      if (i >= opts.warmup) samples.push(t1 - t0);
    }
    for (const s of displays) s.disconnect();
    return summarize(samples);
  } finally {
    child.kill('SIGTERM');
  }
}

/**
 * Realtime fan-out: the real server as a child process, `displays` display clients and
 * `counters` clerk-panel clients connected from this process; each sample is one `next` over
 * HTTP until `ticket:called` has reached the last display. Then the same with a bare socket.io
 * server. Before all that, the fresh server's RSS without clients and with `rssDisplays`
 * displays connected.
 */
export async function measureRealtime(
  opts: RealtimeOptions,
  log: (line: string) => void,
): Promise<RealtimeResult> {
  const server = await startServer();
  const sockets: Socket[] = [];
  try {
    const origin = server.origin;
    for (const note of (await prepareOffice(origin)).notes) log(`  setup: ${note}`);
    const admin = await login(origin, 'admin', ADMIN_PASSWORD);
    const counters = (await (
      await fetch(`${origin}/api/admin/counters`, { headers: { cookie: admin } })
    ).json()) as Array<{
      id: string;
      number: number;
      categoryIds: string[];
    }>;
    const categories = (await (await fetch(`${origin}/api/categories`)).json()) as Array<{
      id: string;
      prefix: string;
    }>;
    const categoryA = categories.find((c) => c.prefix === 'A')?.id ?? categories[0]?.id ?? '';
    const counter = counters.find((c) => c.categoryIds.includes(categoryA));
    if (!counter) throw new Error('no counter serves category A');
    const created = await post(`${origin}/api/admin/users`, admin, {
      username: 'bench-clerk',
      password: 'given-for-realtime',
      role: 'clerk',
      displayName: 'Bench Clerk',
    });
    if (created.status !== 201)
      throw new Error(`creating the clerk: HTTP ${created.status} ${await created.text()}`);
    const clerk = await login(origin, 'bench-clerk', 'given-for-realtime');
    // A password set by an administrator must be replaced by its user before anything else.
    const chosen = await post(`${origin}/api/auth/password`, clerk, {
      currentPassword: 'given-for-realtime',
      newPassword: 'own-for-realtime',
    });
    if (chosen.status !== 200)
      throw new Error(`choosing the clerk's password: HTTP ${chosen.status} ${await chosen.text()}`);
    const auth = { protocol: PROTOCOL_VERSION };

    // Memory first, on the fresh server: before the calls, so their garbage does not blur it.
    await sleep(1000);
    const idleMb = rssMb(server.child.pid);
    const many = await connectAll(`${origin}/display`, opts.rssDisplays, { auth });
    await sleep(2000);
    const withManyMb = rssMb(server.child.pid);
    log(`  connected ${many.length} displays for the memory reading`);
    for (const s of many) s.disconnect();
    await sleep(500);

    const opened = await post(`${origin}/api/counters/${counter.id}/open`, clerk, {});
    if (!opened.ok) throw new Error(`open: HTTP ${opened.status} ${await opened.text()}`);
    const total = opts.warmup + opts.calls;
    for (let i = 0; i < total; i++) {
      const res = await fetch(`${origin}/api/tickets`, {
        method: 'POST',
        headers: { authorization: `Bearer ${server.kioskToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ categoryId: categoryA }),
      });
      if (res.status !== 201) throw new Error(`issue: HTTP ${res.status} ${await res.text()}`);
    }
    await sleep(200);

    const displays = await connectAll(`${origin}/display`, opts.displays, { auth });
    sockets.push(...displays);
    const panels = await connectAll(`${origin}/counter`, opts.counters, {
      auth,
      extraHeaders: { cookie: clerk },
    });
    sockets.push(...panels);
    await Promise.all(
      panels.map((p, i) =>
        p.emitWithAck('counter:subscribe', { counterId: counters[i % counters.length]?.id }),
      ),
    );
    log(`  connected ${displays.length} displays and ${panels.length} counter panels`);

    const samples: number[] = [];
    const httpOnly: number[] = [];
    for (let i = 0; i < total; i++) {
      if (i > 0) {
        await post(`${origin}/api/counters/${counter.id}/start`, clerk);
        await post(`${origin}/api/counters/${counter.id}/finish`, clerk);
      }
      // One call per sample: the displays may see it before the HTTP answer arrives.
      const arrived = allReceived(displays, 'ticket:called', () => true);
      const t0 = performance.now();
      const res = await post(`${origin}/api/counters/${counter.id}/next`, clerk);
      const t1 = performance.now();
      const body = (await res.json()) as { ticket: { id: string } | null };
      if (!res.ok || !body.ticket) throw new Error(`next: HTTP ${res.status} ${JSON.stringify(body)}`);
      const t2 = await arrived;
      if (i >= opts.warmup) {
        samples.push(t2 - t0);
        httpOnly.push(t1 - t0);
      }
    }
    for (const s of sockets.splice(0)) s.disconnect();

    log(`  bare socket.io broadcast to ${opts.displays} clients…`);
    const bare = await measureBare(opts);
    return {
      numerek: summarize(samples),
      bare,
      nextHttp: summarize(httpOnly),
      rss: {
        idleMb,
        withManyMb,
        perDisplayKb: ((withManyMb - idleMb) * 1024) / many.length,
      },
      connected: { displays: opts.displays, counters: opts.counters, many: many.length },
    };
  } finally {
    for (const s of sockets) s.disconnect();
    await server.stop().catch((e: unknown) => log(`  stopping the server: ${String(e)}`));
    rmSync(server.dataDir, { recursive: true, force: true });
  }
}
