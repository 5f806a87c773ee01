import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** The proxy configuration of a central installation, as the README installs it. */
export const HAPROXY_CONFIG = path.join(ROOT, 'deploy', 'haproxy.cfg');

/** Debian's haproxy program, or null where it is not installed. */
export const HAPROXY = ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((p) => existsSync(p)) ?? null;

export const NO_HAPROXY = 'haproxy is not installed here (Debian: apt-get install haproxy)';

/** The settings deploy/haproxy.cfg reads from its environment. */
export function haproxyEnv(bind: string, nodes: readonly [string, string, string]): Record<string, string> {
  return {
    NUMEREK_BIND: bind,
    NUMEREK_NODE_A: nodes[0],
    NUMEREK_NODE_B: nodes[1],
    NUMEREK_NODE_C: nodes[2],
    NUMEREK_LOG: 'stdout',
    // One line per request and per WebSocket, with its node and timings, for a slow test's report.
    NUMEREK_LOG_LEVEL: 'info',
  };
}

/** HAProxy in the foreground with deploy/haproxy.cfg, in front of three nodes on 127.0.0.1. */
export class HaproxyProcess {
  private child: ChildProcess | null = null;
  private output = '';
  private readonly timed: Array<{ at: number; line: string }> = [];

  constructor(
    readonly port: number,
    private readonly nodePorts: readonly [number, number, number],
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get log(): string {
    return this.output;
  }

  /** The log's lines with the time (performance.now) each arrived: servers going down and up. */
  get lines(): ReadonlyArray<{ at: number; line: string }> {
    return this.timed;
  }

  /** Resolves once the proxy's checks have put node `name` ('a', 'b' or 'c') back in service after `since`. */
  async backInService(name: string, since: number, timeoutMs = 20_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    const up = new RegExp(`Server numerek_nodes/${name} is UP`);
    while (!this.timed.some((l) => l.at >= since && up.test(l.line))) {
      if (performance.now() > deadline)
        throw new Error(`the proxy did not take node ${name} back within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Starts HAProxy and resolves once it forwards a request to a ready node. */
  async start(timeoutMs = 20_000): Promise<void> {
    if (!HAPROXY) throw new Error(NO_HAPROXY);
    const [a, b, c] = this.nodePorts.map((p) => `127.0.0.1:${p}`) as [string, string, string];
    const child = spawn(HAPROXY, ['-db', '-f', HAPROXY_CONFIG], {
      env: { PATH: process.env.PATH ?? '', ...haproxyEnv(`127.0.0.1:${this.port}`, [a, b, c]) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const take = (s: string) => {
      this.output += s;
      const at = performance.now();
      for (const line of s.split('\n')) if (line.trim()) this.timed.push({ at, line: line.trim() });
    };
    child.stdout?.setEncoding('utf8').on('data', take);
    child.stderr?.setEncoding('utf8').on('data', take);
    let exited: string | null = null;
    child.once('exit', (code, signal) => (exited = `exit code ${code ?? '-'}, signal ${signal ?? '-'}`));
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (exited) throw new Error(`haproxy stopped while starting (${exited}):\n${this.output}`);
      try {
        const res = await fetch(`${this.base}/api/ready`, { signal: AbortSignal.timeout(1000) });
        await res.arrayBuffer();
        if (res.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`haproxy did not forward to a ready node within ${timeoutMs} ms:\n${this.output}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await gone;
    this.child = null;
  }
}
