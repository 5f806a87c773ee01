import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = path.join(ROOT, 'server/src/main.ts');
/** What `npm start` runs: the built server (scripts/start.mjs), with plain Node.js. */
const START = path.join(ROOT, 'scripts/start.mjs');

/** A port nobody listens on right now (the kernel's choice), kept across restarts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** What the first start writes for the person who installed Numerek (never to its output). */
export interface FirstStartSecrets {
  /** The administrator's generated password, when ADMIN_PASSWORD was not given. */
  admin: string | null;
  clerks: Array<{ username: string; password: string }>;
  /** The one-time codes of the pairing links, by kind (`pairDevice` gets the devices' tokens). */
  pairing: Record<'kiosk' | 'display', string>;
}

/** The file in DATA_DIR the first start writes its passwords and pairing links to. */
export const SECRETS_FILE = 'first-start-secrets.txt';

/** Reads the passwords and the pairing links' codes from the text of the first start's secrets file. */
export function parseFirstStartSecrets(text: string): FirstStartSecrets {
  const admin = /^\s+administrator\s+admin \/ (\S+)\s*$/m.exec(text)?.[1] ?? null;
  const clerks = [...text.matchAll(/^\s+clerk\s+(\S+) \/ (\S+)\s*$/gm)].map((m) => ({
    username: m[1] ?? '',
    password: m[2] ?? '',
  }));
  const token = (kind: string) => new RegExp(`pair ${kind}\\s+\\S+#pair=(\\S+)`).exec(text)?.[1] ?? '';
  const pairing = { kiosk: token('kiosk'), display: token('display') };
  if (!clerks.length || !pairing.kiosk || !pairing.display)
    throw new Error(`the first start wrote no clerks or pairing links:\n${text}`);
  return { admin, clerks, pairing };
}

export const ADMIN_PASSWORD = 'reliability-admin';

/**
 * The real Numerek server (`server/src/main.ts`, as `npm start` runs it) in a child process on
 * a fixed port over a temporary DATA_DIR. It can be killed with SIGKILL and started again over
 * the same data, like a server whose power or process dies.
 */
export class ServerProcess {
  readonly dataDir: string;
  readonly databaseFile: string;
  private child: ChildProcess | null = null;
  private output = '';
  private exited: Promise<void> = Promise.resolve();
  private lastExit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  /** Everything the current process wrote to stdout and stderr. */
  get log(): string {
    return this.output;
  }

  private constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly nodeArgs: readonly string[],
    private readonly built: boolean,
  ) {
    this.dataDir = mkdtempSync(path.join(tmpdir(), 'numerek-reliability-'));
    this.databaseFile = path.join(this.dataDir, 'numerek.sqlite');
  }

  /**
   * A server on a free port; `nodeArgs` such as `--inspect=…` go to the child's Node.js. With
   * `built`, the child is `npm start`'s (the compiled server, no TypeScript loader), else the
   * sources through tsx.
   */
  static async create(
    opts: { env?: Record<string, string>; nodeArgs?: readonly string[]; built?: boolean } = {},
  ): Promise<ServerProcess> {
    return new ServerProcess(await freePort(), opts.env ?? {}, opts.nodeArgs ?? [], opts.built ?? false);
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number {
    const pid = this.child?.pid;
    if (pid === undefined) throw new Error('the server is not running');
    return pid;
  }

  get running(): boolean {
    return this.child !== null;
  }

  /**
   * Starts the process and resolves when `/api/health` answers, with the time (performance.now)
   * of that first answer: the moment the server is back for its clients.
   */
  async start(timeoutMs = 60_000): Promise<number> {
    if (this.child) throw new Error('the server is already running');
    this.output = '';
    this.lastExit = null;
    // `node --import tsx` (not the tsx launcher) so that the pid is the server itself and a
    // SIGKILL reaches it, not a wrapper that would leave it running.
    const entry = this.built ? [START] : ['--import', 'tsx', MAIN];
    const child = spawn(process.execPath, [...this.nodeArgs, ...entry], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tmpdir(),
        DATA_DIR: this.dataDir,
        PORT: String(this.port),
        HOST: '127.0.0.1',
        ADMIN_PASSWORD,
        SEED: 'sample',
        LOG_LEVEL: 'warn',
        ISSUE_RATE_PER_MINUTE: '1000000',
        LOGIN_RATE_PER_MINUTE: '1000000',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (this.output += s));
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (this.output += s));
    let exitedEarly: string | null = null;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        exitedEarly = `exit code ${code ?? '-'}, signal ${signal ?? '-'}`;
        this.lastExit = { code, signal };
        if (this.child === child) this.child = null;
        resolve();
      }),
    );
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (exitedEarly) throw new Error(`the server stopped while starting (${exitedEarly}):\n${this.output}`);
      const answeredAt = await healthAt(this.base);
      if (answeredAt !== null) return answeredAt;
      await sleep(10);
    }
    throw new Error(`the server did not answer within ${timeoutMs} ms:\n${this.output}`);
  }

  /** SIGKILL: no shutdown hooks, no final checkpoint; resolves once the process is gone. */
  async kill(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGKILL');
    await this.exited;
  }

  /** A graceful stop (SIGTERM), as a service manager would do. */
  async stop(): Promise<void> {
    if (!this.child) return;
    this.child.kill('SIGTERM');
    await this.exited;
  }

  /** How the last process ended: its exit code, or the signal that ended it. */
  get exit(): { code: number | null; signal: NodeJS.Signals | null } | null {
    return this.lastExit;
  }

  /** Stops the process (if running) and deletes its data. */
  async dispose(): Promise<void> {
    await this.kill();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** What the first start wrote to DATA_DIR/first-start-secrets.txt. */
  firstStartSecrets(): FirstStartSecrets {
    return parseFirstStartSecrets(readFileSync(path.join(this.dataDir, SECRETS_FILE), 'utf8'));
  }

  /** Resident memory of the process in bytes (`VmRSS` of /proc/<pid>/status). */
  rssBytes(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
    if (!kb) throw new Error(`no VmRSS in /proc/${this.pid}/status`);
    return Number(kb) * 1024;
  }

  /** Open file descriptors of the process: sockets, files, timers' and the event loop's own. */
  openFds(): number {
    return readdirSync(`/proc/${this.pid}/fd`).length;
  }

  /** Open TCP sockets of the process (fds that are sockets). */
  openSockets(): number {
    let sockets = 0;
    for (const fd of readdirSync(`/proc/${this.pid}/fd`)) {
      try {
        if (readlinkSync(`/proc/${this.pid}/fd/${fd}`).startsWith('socket:')) sockets++;
      } catch {
        // The fd closed while we were looking.
      }
    }
    return sockets;
  }
}

/** The time of a successful `/api/health`, or null when the server does not answer (yet). */
async function healthAt(base: string): Promise<number | null> {
  try {
    const res = await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok ? performance.now() : null;
  } catch {
    return null;
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
