import type { DisplayClientEvents, DisplayServerEvents } from '@numerek/shared';
import { SPEECH_PATHS } from '@numerek/shared';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { connect as connectTcp, type Socket as TcpSocket } from 'node:net';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectReconnecting, request, signInOffice, type Office } from '../reliability/office-clients.ts';
import { ServerProcess, sleep } from '../reliability/server-process.ts';

type DisplayClient = Socket<DisplayServerEvents, DisplayClientEvents>;

/** Hall displays connected when the service manager stops the server. */
const DISPLAYS = 200;
/** How soon after SIGTERM the process must have exited. */
const EXIT_WITHIN_MS = 5000;

/** Resolves once `display` has its first snapshot. */
function snapshotOf(display: DisplayClient): Promise<void> {
  return new Promise((resolve, reject) => {
    display.once('queue:snapshot', () => resolve());
    display.once('connect_error', (error) => reject(error));
  });
}

/**
 * A connection kept alive after one answered request, as a kiosk's or a browser's: the agent
 * keeps it open for the next request.
 */
async function keptAliveConnection(base: string, agent: Agent): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    get(`${base}/api/health`, { agent }, (res) => {
      res.resume();
      res.once('end', () => resolve());
    }).once('error', reject);
  });
}

/**
 * A connection opened and never used: browsers open such connections ahead of the requests they
 * expect to make, and an HTTP client may leave one open when the request it was for went away.
 */
function unusedConnection(port: number): Promise<TcpSocket> {
  return new Promise((resolve, reject) => {
    const socket = connectTcp(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** The processes `pid` started that still run (zombies, ended and not yet reaped, do not count). */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === pid && state !== 'Z') found.push(Number(entry));
    } catch {
      // The process ended while being read.
    }
  }
  return found;
}

/**
 * A service manager's stop (SIGTERM) with what a busy office holds open: the process must exit,
 * with 0, within seconds, so that a restart or a deploy never waits for the service manager to
 * kill it.
 */
describe('SIGTERM with clients connected', () => {
  let server: ServerProcess;
  let office: Office;

  beforeAll(async () => {
    // One address holds every display of this test (the limit is 100 per address by default).
    server = await ServerProcess.create({ built: true, env: { SOCKETS_PER_ADDRESS: String(DISPLAYS + 10) } });
    await server.start();
    office = await signInOffice(server, server.firstStartSecrets(), 1);
  });

  afterAll(async () => {
    await server.dispose();
  });

  it('exits 0 within 5 s with 200 hall displays, a kept-alive and an unused connection open and the speech engine loaded, whose process ends with it', async () => {
    const displays: DisplayClient[] = [];
    const agent = new Agent({ keepAlive: true });
    let unused: TcpSocket | null = null;
    try {
      for (let i = 0; i < DISPLAYS; i += 50) {
        const batch = Array.from({ length: Math.min(50, DISPLAYS - i) }, () =>
          connectReconnecting<DisplayClient>(server.base, '/display', office.display),
        );
        displays.push(...batch);
        await Promise.all(batch.map(snapshotOf));
      }
      // The console's "listen" button: the speech engine loads and stays loaded.
      const preview = await fetch(`${server.base}${SPEECH_PATHS.preview}?lang=pl&number=A017&counter=1`, {
        headers: { cookie: office.admin.cookie },
      });
      await preview.arrayBuffer();
      expect(preview.status).toBe(200);
      // The engine runs in a process of its own, which must end with the server.
      const engines = childrenOf(server.pid);
      expect(engines).toHaveLength(1);
      await keptAliveConnection(server.base, agent);
      unused = await unusedConnection(server.port);
      unused.on('error', () => undefined);
      // Still answering with everything open.
      expect((await request(server.base, null, 'GET', '/api/health')).status).toBe(200);

      const sent = performance.now();
      const exited = server.stop().then(() => performance.now() - sent);
      const took = await Promise.race([exited, sleep(EXIT_WITHIN_MS + 5000).then(() => null)]);
      if (took === null) await server.kill();
      process.stdout.write(
        `SIGTERM → exit: ${took === null ? `not within ${EXIT_WITHIN_MS + 5000} ms` : `${Math.round(took)} ms`}\n`,
      );
      expect(took).not.toBeNull();
      expect(took ?? Infinity).toBeLessThan(EXIT_WITHIN_MS);
      expect(server.exit).toEqual({ code: 0, signal: null });
      expect(engines.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]);
    } finally {
      for (const display of displays) display.close();
      unused?.destroy();
      agent.destroy();
    }
  });
});
