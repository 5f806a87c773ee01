import { PROTOCOL_VERSION } from '@numerek/shared';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { ADMIN_PASSWORD, startServer } from './issue-throughput.ts';
import { sleep } from './stats.ts';

export interface MemoryResult {
  /** The compiled server (as `npm start` runs it) started again over the sample office's data. */
  numerek: { idleMb: number; withSocketsMb: number };
  /** The same server right after its first start, which created the sample office. */
  firstStartIdleMb: number;
  /** A bare socket.io server in plain JavaScript holding the same sockets. */
  bare: { idleMb: number; withSocketsMb: number };
  sockets: number;
  /** Milliseconds from spawning `node scripts/start.mjs` over the office's data to /api/health. */
  startMs: number[];
  /** Milliseconds from spawning the bare socket.io server to its first HTTP answer. */
  bareStartMs: number[];
}

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const BARE_SERVER = path.join(HERE, 'bare-socket-server.mjs');
/** Time for a process to settle before its memory is read (V8 gives memory back when idle). */
const SETTLE_MS = 10_000;

export function rssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/** Builds the server as `npm start` does before it runs it (when its sources changed). */
export function buildAsNpmStartWould(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), '--build-only'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}

async function connectDisplays(origin: string, n: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += 100) {
    const group = Array.from({ length: Math.min(100, n - i) }, () =>
      io(`${origin}/display`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        auth: { protocol: PROTOCOL_VERSION },
      }),
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

async function measure(
  pid: number | undefined,
  origin: string,
  sockets: number,
): Promise<{ idleMb: number; withSocketsMb: number }> {
  await sleep(SETTLE_MS);
  const idleMb = rssMb(pid);
  const clients = await connectDisplays(origin, sockets);
  await sleep(SETTLE_MS);
  const withSocketsMb = rssMb(pid);
  for (const c of clients) c.disconnect();
  return { idleMb, withSocketsMb };
}

/** How many times the start is timed; the median is what the benchmark holds to its target. */
const STARTS = 5;

/** Spawns `command`, polls `url` until it answers, and returns the milliseconds that took. */
async function timeStart(
  args: string[],
  env: NodeJS.ProcessEnv,
  urlOf: (stdout: string) => string | null,
): Promise<number> {
  const spawned = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
  child.stderr.resume();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
      if (performance.now() - spawned > 60_000) throw new Error(`${args.join(' ')} did not answer in 60 s`);
      const url = urlOf(stdout);
      const res = url ? await fetch(url).catch(() => null) : null;
      if (res) {
        await res.arrayBuffer();
        if (res.status < 500) return performance.now() - spawned;
      }
      await sleep(10);
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

/** `npm start`'s own script over data already there, spawned again and again. */
async function timeNumerekStarts(dataDir: string, port: number): Promise<number[]> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    ADMIN_PASSWORD,
    SEED: 'sample',
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++)
    times.push(
      await timeStart(
        [path.join(ROOT, 'scripts', 'start.mjs')],
        env,
        () => `http://127.0.0.1:${port}/api/health`,
      ),
    );
  return times;
}

async function timeBareStarts(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < STARTS; i++)
    times.push(
      await timeStart([BARE_SERVER], process.env, (out) => {
        const port = /listening (\d+)/.exec(out)?.[1];
        return port ? `http://127.0.0.1:${port}/` : null;
      }),
    );
  return times;
}

/**
 * Resident memory of the server as `npm start` runs it (compiled, plain Node.js) over the sample
 * office's data: idle, then with `sockets` hall displays connected (and, for information, right
 * after the first start that created the office); and of a bare socket.io server holding the
 * same sockets, in the same run.
 */
export async function measureMemory(sockets: number, log: (line: string) => void): Promise<MemoryResult> {
  log('  building what npm start would build…');
  buildAsNpmStartWould();
  // The first start creates the sample office (and draws its devices' pairing QR codes); an
  // office's server runs, as after every restart, over the data that is there.
  const first = await startServer({ built: true });
  let numerek: MemoryResult['numerek'];
  let firstStartIdleMb: number;
  let startMs: number[];
  try {
    await sleep(SETTLE_MS);
    firstStartIdleMb = rssMb(first.child.pid);
    await first.stop();
    log(`  timing ${STARTS} starts of scripts/start.mjs over the office's data…`);
    startMs = await timeNumerekStarts(first.dataDir, Number(new URL(first.origin).port));
    const server = await startServer({ built: true, dataDir: first.dataDir });
    try {
      numerek = await measure(server.child.pid, server.origin, sockets);
    } finally {
      await server.stop().catch((e: unknown) => log(`  stopping the server: ${String(e)}`));
    }
  } finally {
    await first.stop().catch(() => undefined);
    rmSync(first.dataDir, { recursive: true, force: true });
  }
  const bare = spawn(process.execPath, [BARE_SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      bare.stdout.setEncoding('utf8').on('data', (s: string) => {
        out += s;
        const m = /listening (\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      bare.once('exit', (code) => reject(new Error(`the bare server exited with ${code}`)));
    });
    return {
      numerek,
      firstStartIdleMb,
      bare: await measure(bare.pid, `http://127.0.0.1:${port}`, sockets),
      sockets,
      startMs,
      bareStartMs: await timeBareStarts(),
    };
  } finally {
    bare.kill('SIGTERM');
  }
}
