import { PROTOCOL_VERSION } from '@numerek/shared';
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { startServer } from './issue-throughput.ts';
import { sleep } from './stats.ts';

export interface MemoryResult {
  /** The compiled server (as `npm start` runs it) started again over the sample office's data. */
  numerek: { idleMb: number; withSocketsMb: number };
  /** The same server right after its first start, which created the sample office. */
  firstStartIdleMb: number;
  /** A bare socket.io server in plain JavaScript holding the same sockets. */
  bare: { idleMb: number; withSocketsMb: number };
  sockets: number;
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

/**
 * Resident memory of the server as `npm start` runs it (compiled, plain Node.js) over the sample
 * office's data: idle, then with `sockets` hall displays connected (and, for information, right
 * after the first start that created the office); and of a bare socket.io server holding the
 * same sockets, in the same run.
 */
export async function measureMemory(sockets: number, log: (line: string) => void): Promise<MemoryResult> {
  log('  building what npm start would build…');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), '--build-only'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  // The first start creates the sample office (and draws its devices' pairing QR codes); an
  // office's server runs, as after every restart, over the data that is there.
  const first = await startServer({ built: true });
  let numerek: MemoryResult['numerek'];
  let firstStartIdleMb: number;
  try {
    await sleep(SETTLE_MS);
    firstStartIdleMb = rssMb(first.child.pid);
    await first.stop();
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
    };
  } finally {
    bare.kill('SIGTERM');
  }
}
