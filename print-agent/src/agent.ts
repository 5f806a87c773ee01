import {
  createPrinter,
  PrintError,
  type CreatePrinterOptions,
  type ManagedPrinter,
  type TicketJob,
} from '@numerek/hardware';
import {
  AgentJob,
  AgentPrinters,
  PROTOCOL_VERSION,
  RECONNECT,
  type Ack,
  type AgentJobResult,
  type AgentPrinter,
  type PrintAgentClientEvents,
  type PrintAgentServerEvents,
  type PrinterState,
} from '@numerek/shared';
import { io, type Socket } from 'socket.io-client';
import { Compile } from 'typebox/compile';
import { Journal, type JobOutcome } from './journal.ts';

/** How often every printer's state is read while the agent is idle. */
export const STATUS_POLL_MS = 2000;
/** How long the agent waits for the server to confirm a result or a state before sending it again. */
const ACK_TIMEOUT_MS = 5000;
/** Pause before connecting again after the server refused or closed the connection. */
const RETRY_MS = 2000;

/** Refusals after which connecting again cannot help: the agent must be paired again or updated. */
const FATAL = new Set([
  'device-revoked',
  'device-invalid',
  'forbidden',
  'unauthenticated',
  'protocol-outdated',
]);

export interface AgentLog {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const silent: AgentLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface PrintAgentOptions {
  /** The Numerek server, e.g. `https://numerek.city.example`. */
  url: string;
  /** The agent's device token (from its pairing link). */
  token: string;
  /** Where the journal is kept. */
  dataDir: string;
  /** Printers may be on this computer's own or link-local addresses (tests, development). */
  allowLocal?: boolean;
  statusPollMs?: number;
  /** Options for every printer the agent drives (tests shorten the timeouts). */
  printerOptions?: Omit<CreatePrinterOptions, 'maxJobAgeMs' | 'allowLocal'>;
  log?: AgentLog;
  /** The agent's own clock (epoch ms); the server's clock is learnt from what it sends. */
  now?: () => number;
}

type AgentSocket = Socket<PrintAgentServerEvents, PrintAgentClientEvents>;

interface Driven {
  printer: ManagedPrinter;
  spec: string;
  off: () => void;
}

const checkPrinters = Compile(AgentPrinters);
const checkJob = Compile(AgentJob);

/**
 * The print agent: connects out to the Numerek server with its device token, drives the printers
 * the server names with the hardware package's drivers, prints each job at most once, and reports
 * every printer's state.
 *
 * Exactly once: a job is recorded on disk (the journal) just before its first byte goes to the
 * printer and again with its outcome; a job the journal knows is answered from it and never
 * printed again, whether the server sends it twice, the connection drops mid-job, or the agent
 * is restarted. A job past its `expiresAt` on the server's clock is refused, never printed.
 */
export class PrintAgent {
  private socket: AgentSocket | null = null;
  private journal: Journal | null = null;
  private readonly printers = new Map<string, Driven>();
  /** The state last told to the server, per printer (cleared on each connection: all are told again). */
  private readonly told = new Map<string, PrinterState>();
  private readonly printing = new Map<string, Promise<void>>();
  /** Outcomes sent and not yet answered. */
  private readonly telling = new Set<string>();
  /** The server's clock minus the agent's, from the last time the server sent it. */
  private offsetMs = 0;
  private pollTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly log: AgentLog;
  private readonly now: () => number;
  private readonly fatalListeners = new Set<(code: string, message: string) => void>();
  private readonly readyListeners = new Set<() => void>();

  constructor(private readonly options: PrintAgentOptions) {
    this.log = options.log ?? silent;
    this.now = options.now ?? Date.now;
  }

  /** Opens the journal (settling what a previous run left unfinished) and connects. */
  start(): void {
    this.journal = Journal.open(this.options.dataDir, this.now);
    const socket: AgentSocket = io(`${this.options.url}/print-agent`, {
      // WebSocket first: behind a load balancer it needs no sticky sessions.
      transports: ['websocket', 'polling'],
      auth: { protocol: PROTOCOL_VERSION, token: this.options.token },
      ...RECONNECT,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.told.clear();
      this.log.info('connected to the server', { url: this.options.url });
      this.flushResults();
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      const code = error.data?.code;
      if (code && FATAL.has(code)) {
        this.log.error('the server refused this print agent', { code, message: error.message });
        for (const l of this.fatalListeners) l(code, error.message);
        return;
      }
      // A refusal by the server's checks is not retried by socket.io itself; a lost network is.
      if (code) this.retrySoon();
    });
    socket.on('disconnect', (reason) => {
      // What was sent on that connection and not answered is told again on the next one.
      this.telling.clear();
      this.log.warn('disconnected from the server', { reason });
      if (reason === 'io server disconnect') this.retrySoon();
    });
    socket.on('printers', (payload) => {
      if (!checkPrinters.Check(payload))
        return this.log.warn('the server sent printers this agent cannot read');
      this.learnServerTime(payload.serverTime);
      this.setPrinters(payload.printers);
      for (const l of this.readyListeners) l();
    });
    socket.on('job', (payload) => {
      if (!checkJob.Check(payload)) return this.log.warn('the server sent a job this agent cannot read');
      this.learnServerTime(payload.serverTime);
      void this.take(payload);
    });
    this.pollTimer = setInterval(() => {
      void this.pollStatus();
      this.flushResults();
    }, this.options.statusPollMs ?? STATUS_POLL_MS);
    this.pollTimer.unref();
  }

  /** Called when the server refuses the agent for good (revoked, paired again elsewhere, outdated). */
  onFatal(listener: (code: string, message: string) => void): () => void {
    this.fatalListeners.add(listener);
    return () => this.fatalListeners.delete(listener);
  }

  /** Called each time the agent has its printers from the server (after every connection). */
  onReady(listener: () => void): () => void {
    this.readyListeners.add(listener);
    return () => this.readyListeners.delete(listener);
  }

  /** Disconnects, stops the printers (a job being sent is finished or dropped) and closes the journal. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.socket?.disconnect();
    const driven = [...this.printers.values()];
    this.printers.clear();
    for (const d of driven) d.off();
    await Promise.all(driven.map((d) => d.printer.close()));
    await Promise.allSettled([...this.printing.values()]);
    this.journal?.close();
  }

  // --- jobs ------------------------------------------------------------------------------------

  /** Handles a job from the server: answered from the journal, refused when late, else printed. */
  private async take(job: AgentJob): Promise<void> {
    const journal = this.journal;
    if (!journal || this.closed) return;
    // The same job sent again while it prints: its one outcome answers both.
    const running = this.printing.get(job.id);
    if (running) return running;
    const known = journal.outcome(job.id);
    if (known) return this.tell({ id: job.id, ...known });
    const run = this.print(journal, job).finally(() => this.printing.delete(job.id));
    this.printing.set(job.id, run);
    return run;
  }

  private async print(journal: Journal, job: AgentJob): Promise<void> {
    const left = Date.parse(job.expiresAt) - this.serverNow();
    const finish = (outcome: JobOutcome) => this.tell({ id: job.id, ...journal.end(job.id, outcome) });
    if (left <= 0) {
      this.log.warn('a job came after its time and was not printed', { job: job.id, code: job.ticket.code });
      return finish({ state: 'expired', reason: 'timeout', uncertain: false });
    }
    const driven = this.printers.get(job.printerId);
    if (!driven) {
      this.log.warn('a job came for a printer this agent does not drive', { printer: job.printerId });
      return finish({ state: 'failed', reason: 'error', uncertain: false });
    }
    const ticket: TicketJob = job.ticket;
    try {
      await driven.printer.print(ticket, {
        notAfter: this.now() + left,
        beforeSend: () => journal.start(job.id),
      });
      finish({ state: 'printed', reason: null, uncertain: false });
    } catch (error) {
      if (this.closed && journal.started(job.id)) {
        // Stopped while the bytes were going out: they may be on paper, so the job never prints again.
        return finish({ state: 'printed', reason: null, uncertain: true });
      }
      const reason = error instanceof PrintError ? error.reason : 'error';
      this.log.warn('a ticket was not printed', { job: job.id, code: job.ticket.code, reason });
      finish({ state: 'failed', reason, uncertain: false });
    }
  }

  /**
   * Tells the server a job's outcome; one it has not confirmed is told again at the next status
   * read and on every connection.
   */
  private tell(result: AgentJobResult): void {
    const socket = this.socket;
    if (!socket?.connected || this.telling.has(result.id)) return;
    this.telling.add(result.id);
    socket.timeout(ACK_TIMEOUT_MS).emit('job:result', result, (err: Error | null, ack?: Ack<unknown>) => {
      this.telling.delete(result.id);
      if (err || !ack) return;
      if (ack.ok || ack.error.code === 'NOT_FOUND') {
        // Stored, or the server no longer has the job (its printer was removed): nothing to tell.
        this.journal?.acknowledged(result.id);
      } else {
        this.log.warn('the server did not take a job outcome', { job: result.id, code: ack.error.code });
      }
    });
  }

  private flushResults(): void {
    for (const result of this.journal?.unacknowledged() ?? []) this.tell(result);
  }

  // --- printers --------------------------------------------------------------------------------

  /** Drives the printers the server names: new ones are opened, changed ones reopened, others closed. */
  private setPrinters(list: readonly AgentPrinter[]): void {
    const wanted = new Set(list.map((p) => p.id));
    for (const [id, d] of [...this.printers]) {
      if (wanted.has(id)) continue;
      this.printers.delete(id);
      d.off();
      void d.printer.close();
    }
    for (const p of list) {
      const spec = JSON.stringify(p);
      const current = this.printers.get(p.id);
      if (current?.spec === spec) continue;
      if (current) {
        current.off();
        void current.printer.close();
        this.printers.delete(p.id);
      }
      let printer: ManagedPrinter;
      try {
        printer = createPrinter(
          p.connection,
          { codePage: p.codePage, cyrillic: p.cyrillic, paperWidth: p.paperWidth, cut: p.cut },
          {
            ...this.options.printerOptions,
            maxJobAgeMs: p.maxJobAgeSeconds * 1000,
            allowLocal: this.options.allowLocal ?? false,
          },
        );
      } catch (error) {
        this.log.error('a printer’s connection cannot be used', { printer: p.name, error: String(error) });
        this.report(p.id, 'no_answer');
        continue;
      }
      const off = printer.onStatus((state) => this.report(p.id, state));
      this.printers.set(p.id, { printer, spec, off });
    }
    void this.pollStatus();
  }

  /** Reads every printer's state; changes are reported as they are seen. */
  private async pollStatus(): Promise<void> {
    await Promise.all(
      [...this.printers.entries()].map(async ([id, d]) => {
        let state: PrinterState;
        try {
          state = await d.printer.status();
        } catch {
          state = 'no_answer';
        }
        if (this.printers.get(id) === d) this.report(id, state);
      }),
    );
  }

  private report(printerId: string, state: PrinterState): void {
    const socket = this.socket;
    if (!socket?.connected || this.told.get(printerId) === state) return;
    this.told.set(printerId, state);
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emit('printer:status', { printerId, state }, (err: Error | null, ack?: Ack<unknown>) => {
        // Not confirmed: tell it again at the next read.
        if ((err || !ack?.ok) && this.told.get(printerId) === state) this.told.delete(printerId);
      });
  }

  // --- the server's clock, reconnecting ----------------------------------------------------------

  private learnServerTime(iso: string): void {
    this.offsetMs = Date.parse(iso) - this.now();
  }

  private serverNow(): number {
    return this.now() + this.offsetMs;
  }

  private retrySoon(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.closed && !this.socket?.connected) this.socket?.connect();
    }, RETRY_MS);
    this.retryTimer.unref();
  }
}
