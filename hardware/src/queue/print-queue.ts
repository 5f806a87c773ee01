import type { PrinterState } from '@numerek/shared';
import { systemClock, type Clock } from '../clock.ts';
import { layoutTicket } from '../layout/ticket-layout.ts';
import { CLEAR_BUFFER, CLEAR_RESPONSE, canPrint } from '../status/printer-status.ts';
import { DEFAULT_STATUS_TIMEOUT_MS, readPrinterState } from '../status/status-reader.ts';
import {
  PrintError,
  type PrinterProfile,
  type PrintOptions,
  type TicketJob,
  type TicketPrinter,
} from '../ticket-printer.ts';
import type { PrinterTransport } from '../transports/transport.ts';

/** How a print queue behaves; every time is in milliseconds. */
export interface PrintQueueOptions {
  profile: PrinterProfile;
  /** A job not printed this long after print() was called is dropped, never printed late. */
  maxJobAgeMs?: number;
  /** Wait for each status reply this long. */
  statusTimeoutMs?: number;
  /**
   * Refuse to print without a status reply (default). Off only for printers that cannot
   * answer (e.g. most USB device files): jobs are then sent without a check or a confirmation;
   * status() says 'ok' for a transport that cannot read, 'no_answer' for one that stays silent.
   */
  requireStatus?: boolean;
  /**
   * Keep a job while the printer is out of paper, open or offline, and print it if the printer
   * recovers before the job's max age. Off by default: the kiosk learns at once and can show
   * the ticket on screen instead.
   */
  waitWhileNotReady?: boolean;
  /** How often to ask again while waiting for a printer that is not ready. */
  pollIntervalMs?: number;
  /** First and largest pause between reconnection attempts (doubling in between). */
  reconnectDelayMs?: { initial: number; max: number };
  clock?: Clock;
  /** Bytes of one job; the ticket layout unless a test says otherwise. */
  layout?: (job: TicketJob, profile: PrinterProfile) => Uint8Array;
}

/** Called with every change of the printer's state. */
export type StatusListener = (state: PrinterState) => void;

/**
 * Each resend after a dropped connection may leave a torn fragment on the paper; a printer
 * that drops every job must not print fragments until the job's max age.
 */
const MAX_SENDS = 3;

type Settings = Required<Omit<PrintQueueOptions, 'profile'>> & { profile: PrinterProfile };

const defaults = (o: PrintQueueOptions): Settings => ({
  maxJobAgeMs: 30_000,
  statusTimeoutMs: DEFAULT_STATUS_TIMEOUT_MS,
  requireStatus: true,
  waitWhileNotReady: false,
  pollIntervalMs: 1000,
  reconnectDelayMs: { initial: 200, max: 5000 },
  clock: systemClock,
  layout: layoutTicket,
  ...o,
});

/**
 * One printer's queue: jobs print one at a time, in order. Before each job the printer's status
 * is read, and nothing is sent unless it can print now, so no job waits in the printer's buffer
 * to come out after a refill. After the bytes, one more status request confirms that the
 * printer received all of them (TCP keeps order); if the connection drops first, it is reopened
 * with backoff and the whole job is sent again (decision 0005). A job that cannot be printed within
 * `maxJobAgeMs` is rejected with a PrintError naming the last reason.
 */
export class PrintQueue implements TicketPrinter {
  private readonly settings: Settings;
  private transport: PrinterTransport | null = null;
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private closed = false;
  private lastState: PrinterState = 'no_answer';
  private readonly listeners = new Set<StatusListener>();
  private readonly wakers = new Set<() => void>();

  constructor(
    private readonly openTransport: () => PrinterTransport,
    options: PrintQueueOptions,
  ) {
    this.settings = defaults(options);
  }

  /**
   * Prints one ticket; rejects with a PrintError if it was not (and will not be) printed. The job
   * is dropped at `maxJobAgeMs` after this call, or at `options.notAfter` if that is sooner.
   */
  print(job: TicketJob, options: PrintOptions = {}): Promise<void> {
    if (this.closed) return Promise.reject(new PrintError('error', 'printer closed'));
    const deadline = Math.min(
      this.settings.clock.now() + this.settings.maxJobAgeMs,
      options.notAfter ?? Number.POSITIVE_INFINITY,
    );
    let bytes: Uint8Array;
    try {
      bytes = this.settings.layout(job, this.settings.profile);
    } catch (error) {
      return Promise.reject(new PrintError('error', `ticket layout failed: ${String(error)}`));
    }
    this.pending += 1;
    const run = this.tail.then(() => this.printBytes(bytes, deadline, options.beforeSend));
    this.tail = run.catch(() => undefined).finally(() => (this.pending -= 1));
    return run;
  }

  /** The printer's state: read now when idle, the last known state while a job is running. */
  async status(): Promise<PrinterState> {
    if (this.pending > 0 || this.closed) return this.lastState;
    const run = this.tail.then(() => this.refreshStatus());
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** Subscribes to state changes (e.g. to tell the supervisor console); returns unsubscribe. */
  onStatus(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Rejects waiting jobs, stops timers and closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    for (const wake of [...this.wakers]) wake();
    await this.tail;
    await this.disconnect();
  }

  private async printBytes(
    bytes: Uint8Array,
    deadline: number,
    beforeSend?: () => void | Promise<void>,
  ): Promise<void> {
    const s = this.settings;
    let reason: PrintError['reason'] = 'timeout';
    let backoff = s.reconnectDelayMs.initial;
    let sends = 0;
    const retryAfter = async (ms: number): Promise<void> => {
      await this.sleep(Math.min(ms, Math.max(0, deadline - s.clock.now())));
    };
    for (;;) {
      if (this.closed) throw new PrintError('error', 'printer closed before the job was printed');
      if (s.clock.now() >= deadline) {
        throw new PrintError(
          reason,
          `not printed within ${s.maxJobAgeMs} ms (${reason}); dropped, will not print later`,
        );
      }
      const transport = await this.connect(deadline);
      if (!transport) {
        reason = 'no_answer';
        if (s.clock.now() < deadline) this.setState('no_answer');
        await retryAfter(backoff);
        backoff = Math.min(backoff * 2, s.reconnectDelayMs.max);
        continue;
      }
      const before = await this.check(transport, deadline);
      if (before === 'no_answer') {
        reason = 'no_answer';
        await this.disconnect();
        await retryAfter(backoff);
        backoff = Math.min(backoff * 2, s.reconnectDelayMs.max);
        continue;
      }
      if (!canPrint(before)) {
        if (!s.waitWhileNotReady) throw new PrintError(before, `printer is ${before}`);
        reason = before;
        await retryAfter(s.pollIntervalMs);
        continue;
      }
      if (sends >= MAX_SENDS) {
        throw new PrintError('error', `the connection dropped during the job ${sends} times`);
      }
      if (sends === 0 && beforeSend) {
        try {
          await beforeSend();
        } catch (error) {
          throw new PrintError('error', `the job was stopped before it was sent: ${String(error)}`);
        }
      }
      sends += 1;
      try {
        await transport.write(bytes);
      } catch {
        reason = 'error';
        await this.disconnect();
        await retryAfter(backoff);
        backoff = Math.min(backoff * 2, s.reconnectDelayMs.max);
        continue;
      }
      if (!s.requireStatus) return;
      const after = await this.check(transport);
      if (after === 'no_answer') {
        if (!transport.isOpen) {
          // The connection died before the printer confirmed: send the whole job again.
          reason = 'error';
          await this.disconnect();
          continue;
        }
        await this.disconnect();
        throw new PrintError('timeout', 'the printer did not confirm the job');
      }
      if (!canPrint(after)) {
        // The rest of the job waits in the printer and would come out after the refill, long
        // after the client has left: throw it away, and tell the kiosk the ticket did not print.
        await this.clearBuffer(transport);
        throw new PrintError(after, `printer became ${after} during the job; the rest of it was cleared`);
      }
      return;
    }
  }

  private async refreshStatus(): Promise<PrinterState> {
    const transport = await this.connect();
    if (!transport) {
      this.setState('no_answer');
      return 'no_answer';
    }
    await this.check(transport);
    // What the printer said, not what check() lets a job do with a status that is not required.
    if (this.lastState === 'no_answer') await this.disconnect();
    return this.lastState;
  }

  /**
   * Reads the state (or assumes ok when status is neither readable nor required). With a job's
   * deadline, the read ends by then, so the kiosk hears of a silent printer at the max age, not
   * one status timeout later.
   */
  private async check(transport: PrinterTransport, deadline?: number): Promise<PrinterState> {
    const s = this.settings;
    const left = deadline === undefined ? s.statusTimeoutMs : deadline - s.clock.now();
    const timeoutMs = Math.max(1, Math.min(s.statusTimeoutMs, left));
    const state =
      !s.requireStatus && !transport.canRead
        ? 'ok'
        : await readPrinterState(transport, { timeoutMs, clock: s.clock });
    const effective = state === 'no_answer' && !s.requireStatus ? 'ok' : state;
    // A read cut short by the deadline says nothing new about the printer.
    if (state !== 'no_answer' || timeoutMs === s.statusTimeoutMs) this.setState(state);
    return effective;
  }

  /** Sends DLE DC4 8 and waits (up to the status timeout) for its answer; ignored if none. */
  private clearBuffer(transport: PrinterTransport): Promise<void> {
    return new Promise((resolve) => {
      let got: number[] = [];
      const done = (): void => {
        offData();
        offClose();
        cancel();
        resolve();
      };
      const offData = transport.onData((chunk) => {
        got = [...got, ...chunk].slice(-CLEAR_RESPONSE.length);
        if (got.every((b, k) => b === CLEAR_RESPONSE[k]) && got.length === CLEAR_RESPONSE.length) done();
      });
      const offClose = transport.onClose(done);
      const cancel = this.settings.clock.setTimer(this.settings.statusTimeoutMs, done);
      transport.write(Uint8Array.from(CLEAR_BUFFER)).catch(done);
    });
  }

  /**
   * Opens the connection unless it is open. With a job's deadline, gives up by then: a host that
   * never completes the handshake must not keep the kiosk waiting a connect timeout longer.
   */
  private async connect(deadline?: number): Promise<PrinterTransport | null> {
    if (this.transport?.isOpen) return this.transport;
    await this.disconnect();
    const transport = this.openTransport();
    const opened = transport.open().then(
      () => true,
      () => false,
    );
    let inTime = opened;
    if (deadline !== undefined) {
      const { clock } = this.settings;
      let cancel = (): void => undefined;
      const late = new Promise<boolean>((resolve) => {
        cancel = clock.setTimer(Math.max(0, deadline - clock.now()), () => resolve(false));
      });
      inTime = Promise.race([opened, late]).finally(() => cancel());
    }
    if (!(await inTime)) {
      // Too late for this job: if the connection opens after all, close it.
      void opened.then((ok) => (ok ? transport.close().catch(() => undefined) : undefined));
      return null;
    }
    this.transport = transport;
    return transport;
  }

  private async disconnect(): Promise<void> {
    const transport = this.transport;
    this.transport = null;
    await transport?.close().catch(() => undefined);
  }

  private setState(state: PrinterState): void {
    if (state === this.lastState) return;
    this.lastState = state;
    for (const l of [...this.listeners]) l(state);
  }

  private sleep(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        cancel();
        this.wakers.delete(wake);
        resolve();
      };
      const cancel = this.settings.clock.setTimer(ms, wake);
      this.wakers.add(wake);
    });
  }
}
