import { PROTOCOL_VERSION, type Ack } from '@numerek/shared';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';

/**
 * An anonymous hall client in a process of its own, as a phone in the hall would be, so that
 * its own work does not slow the test's measurements: it floods one /display socket with
 * `sync:request`s, or opens many /display sockets at once, and prints what the server answered
 * as one line of JSON.
 */

export interface FloodResult {
  served: number;
  refused: number;
  /** The server closed the connection before answering everything. */
  disconnected: boolean;
}

export interface SocketsResult {
  accepted: number;
  refusals: Array<{ code: string | null; message: string }>;
}

const open = (base: string): Socket =>
  io(`${base}/display`, {
    auth: { protocol: PROTOCOL_VERSION },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });

async function flood(base: string, count: number): Promise<FloodResult> {
  const socket = open(base);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const result: FloodResult = { served: 0, refused: 0, disconnected: false };
  await new Promise<void>((resolve) => {
    let answered = 0;
    socket.once('disconnect', () => {
      result.disconnected = answered < count;
      resolve();
    });
    for (let i = 0; i < count; i++) {
      socket.emit('sync:request', (r: Ack<unknown>) => {
        if (r.ok) result.served++;
        else if (r.error.code === 'RATE_LIMITED') result.refused++;
        if (++answered === count) resolve();
      });
    }
  });
  socket.disconnect();
  return result;
}

async function sockets(base: string, count: number): Promise<SocketsResult> {
  const all = Array.from({ length: count }, () => open(base));
  const outcomes = await Promise.all(
    all.map(
      (socket) =>
        new Promise<{ code: string | null; message: string } | null>((resolve) => {
          socket.once('connect', () => resolve(null));
          socket.once('connect_error', (e: Error & { data?: { code?: string } }) =>
            resolve({ code: e.data?.code ?? null, message: e.message }),
          );
        }),
    ),
  );
  for (const s of all) s.disconnect();
  const refusals = outcomes.filter((o) => o !== null);
  return { accepted: count - refusals.length, refusals };
}

/**
 * Starts the client in a child process and resolves once it is loaded and waiting, so that
 * starting Node and compiling TypeScript is not measured; the attack begins when `go` is called.
 */
export function prepareAttack(
  base: string,
  mode: 'flood',
  count: number,
): Promise<() => Promise<FloodResult>>;
export function prepareAttack(
  base: string,
  mode: 'sockets',
  count: number,
): Promise<() => Promise<SocketsResult>>;
export function prepareAttack(
  base: string,
  mode: 'flood' | 'sockets',
  count: number,
): Promise<() => Promise<unknown>> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), base, mode, String(count)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<unknown>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line));
      else reject(new Error(`the ${mode} client exited with ${code}:\n${stdout}\n${stderr}`));
    });
  });
  return new Promise((resolve, reject) => {
    exited.catch(reject);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      const ready = !stdout.includes('ready\n') && (stdout + s).includes('ready\n');
      stdout += s;
      if (ready) {
        resolve(() => {
          child.stdin.end('go\n');
          return exited;
        });
      }
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [base = '', mode = '', count = '0'] = process.argv.slice(2);
  process.stdout.write('ready\n');
  await new Promise((resolve) => process.stdin.once('data', resolve));
  const result = await (mode === 'flood' ? flood(base, Number(count)) : sockets(base, Number(count)));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}
