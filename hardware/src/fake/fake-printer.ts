import net from 'node:net';
import { CLEAR_BUFFER, CLEAR_RESPONSE } from '../status/printer-status.ts';

/** What the fake printer pretends to be; `silent` prints but never answers a status request. */
export const FAKE_PRINTER_STATES = [
  'ok',
  'paper_near_end',
  'paper_out',
  'cover_open',
  'offline',
  'silent',
] as const;
export type FakePrinterState = (typeof FAKE_PRINTER_STATES)[number];

/** Replies to `DLE EOT 1..4` as a real Epson sends them (bytes from printing.md). */
export const FAKE_STATUS_REPLIES: Readonly<Record<Exclude<FakePrinterState, 'silent'>, readonly number[]>> = {
  ok: [0x12, 0x12, 0x12, 0x12],
  paper_near_end: [0x12, 0x12, 0x12, 0x1e],
  paper_out: [0x1a, 0x32, 0x12, 0x7e],
  cover_open: [0x1a, 0x16, 0x12, 0x12],
  offline: [0x1a, 0x12, 0x12, 0x12],
};

/** Job bytes received before a state change asked for with changeStateDuringNextJob. */
const MID_JOB_BYTES = 64;

interface Connection {
  socket: net.Socket;
  /** Bytes of the job being received (status requests stripped). */
  job: number[];
  /** A real-time command (DLE EOT n, DLE DC4 …) split across two packets. */
  carry: number[];
}

/**
 * A network ESC/POS printer for tests: a real TCP server on 127.0.0.1 that answers status
 * requests from a switchable state and records every job. Like a real printer, a job received
 * while it cannot print is kept and "printed" (recorded) when the state returns to ok, which is
 * exactly the stale burst Numerek must never cause.
 *
 * A job runs from `ESC @` to a cut; without a cut it ends at the next status request or when
 * the connection closes. `DLE DC4 8` (clear buffers, as on Epson TM printers) throws away the
 * held jobs and the job being received, and answers `37 25 00`.
 */
export class FakePrinter {
  /** Every job printed, in order. */
  readonly jobs: Uint8Array[] = [];
  /** Jobs received while not ready, printed on the next switch to ok or near end. */
  readonly held: Uint8Array[] = [];
  /** What a connection reset cut short (see dropNextJob). */
  readonly dropped: Uint8Array[] = [];
  /** Jobs (whole or begun) thrown away by a clear-buffer command, never printed. */
  readonly cleared: Uint8Array[] = [];
  /** How many status requests arrived (answered or, when silent, ignored). */
  statusRequests = 0;
  connections = 0;
  private stateValue: FakePrinterState;
  private dropsLeft = 0;
  private midJobState: FakePrinterState | null = null;
  private readonly open = new Set<Connection>();
  private waiters: Array<(job: Uint8Array) => void> = [];

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
    state: FakePrinterState,
  ) {
    this.stateValue = state;
  }

  /** Starts listening on 127.0.0.1, on a free port unless one is given (a printer coming back). */
  static async start(state: FakePrinterState = 'ok', port = 0): Promise<FakePrinter> {
    const server = net.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', resolve);
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    const printer = new FakePrinter(server, address.port, state);
    server.on('connection', (socket) => printer.accept(socket));
    return printer;
  }

  /** `tcp://127.0.0.1:<port>`, for createPrinter. */
  get connection(): string {
    return `tcp://127.0.0.1:${this.port}`;
  }

  get state(): FakePrinterState {
    return this.stateValue;
  }

  /** Switches the state; back to ok (or near end), held jobs print, as on a real refill. */
  setState(state: FakePrinterState): void {
    this.stateValue = state;
    if (this.ready()) {
      for (const job of this.held.splice(0)) this.record(job);
    }
  }

  /** The next job printed after this call. */
  nextJob(timeoutMs = 2000): Promise<Uint8Array> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no job printed in time')), timeoutMs);
      this.waiters.push((job) => {
        clearTimeout(timer);
        resolve(job);
      });
    });
  }

  /** Resets the connection part-way through the next `count` jobs, as a cable pulled mid-ticket. */
  dropNextJob(count = 1): void {
    this.dropsLeft = count;
  }

  /**
   * Switches to `state` part-way through the next job (after its first bytes arrive), as paper
   * running out or a cover opened mid-ticket. If the printer cannot print then, the job is held
   * whole: its end, with the cut, waits in the buffer and comes out after the refill.
   */
  changeStateDuringNextJob(state: FakePrinterState): void {
    this.midJobState = state;
  }

  async close(): Promise<void> {
    for (const c of this.open) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private ready(): boolean {
    return this.stateValue === 'ok' || this.stateValue === 'paper_near_end' || this.stateValue === 'silent';
  }

  private accept(socket: net.Socket): void {
    this.connections += 1;
    const c: Connection = { socket, job: [], carry: [] };
    this.open.add(c);
    socket.on('data', (chunk: Buffer) => this.receive(c, chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      this.open.delete(c);
      if (c.job.length > 0) this.finish(c);
    });
  }

  private receive(c: Connection, chunk: Buffer): void {
    const bytes = [...c.carry, ...chunk];
    c.carry = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] ?? 0;
      if (b === 0x10 && (i + 1 >= bytes.length || (bytes[i + 1] === 0x04 && i + 2 >= bytes.length))) {
        c.carry = bytes.slice(i);
        return;
      }
      if (b === 0x10 && bytes[i + 1] === CLEAR_BUFFER[1]) {
        const rest = bytes.slice(i, i + CLEAR_BUFFER.length);
        const matching = rest.every((x, k) => x === CLEAR_BUFFER[k]);
        if (matching && rest.length < CLEAR_BUFFER.length) {
          c.carry = rest;
          return;
        }
        if (matching) {
          this.clear(c);
          i += CLEAR_BUFFER.length - 1;
          continue;
        }
      }
      if (b === 0x10 && bytes[i + 1] === 0x04) {
        if (c.job.length > 0) this.finish(c);
        this.answer(c, bytes[i + 2] ?? 0);
        i += 2;
        continue;
      }
      if (this.dropsLeft > 0 && c.job.length === 0 && b === 0x1b && bytes[i + 1] === 0x40) {
        // Keep part of what arrived, then reset: the job never completes on this connection.
        this.dropsLeft -= 1;
        this.dropped.push(
          Uint8Array.from(bytes.slice(i, i + Math.max(2, Math.floor((bytes.length - i) / 2)))),
        );
        c.job = [];
        c.socket.resetAndDestroy();
        return;
      }
      c.job.push(b);
      if (this.midJobState !== null && c.job.length >= MID_JOB_BYTES) {
        const state = this.midJobState;
        this.midJobState = null;
        this.setState(state);
      }
      if (endsWithCut(c.job)) this.finish(c);
    }
  }

  private answer(c: Connection, n: number): void {
    this.statusRequests += 1;
    if (this.stateValue === 'silent') return;
    const reply = FAKE_STATUS_REPLIES[this.stateValue][n - 1];
    if (reply !== undefined) c.socket.write(Uint8Array.of(reply));
  }

  private clear(c: Connection): void {
    if (c.job.length > 0) this.cleared.push(Uint8Array.from(c.job));
    c.job = [];
    this.cleared.push(...this.held.splice(0));
    c.socket.write(Uint8Array.from(CLEAR_RESPONSE));
  }

  private finish(c: Connection): void {
    const job = Uint8Array.from(c.job);
    c.job = [];
    if (this.ready()) this.record(job);
    else this.held.push(job);
  }

  private record(job: Uint8Array): void {
    this.jobs.push(job);
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w(job);
  }
}

/** `GS V 66 n` / `GS V 65 n` (feed and cut) or `GS V 0|1|48|49` (cut here). */
function endsWithCut(job: number[]): boolean {
  const n = job.length;
  const at = (k: number): number | undefined => job[n - k];
  if (at(4) === 0x1d && at(3) === 0x56 && (at(2) === 66 || at(2) === 65)) return true;
  return at(3) === 0x1d && at(2) === 0x56 && [0, 1, 48, 49].includes(at(1) ?? -1);
}
