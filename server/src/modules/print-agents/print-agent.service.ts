import {
  PRINTER_STATES,
  type AgentJob,
  type AgentJobResult,
  type AgentJobState,
  type AgentPrinters,
  type Printer,
  type PrinterState,
  type PrintOutcome,
  type TicketPrint,
} from '@numerek/shared';
import { PrintError, type TicketJob, type TicketPrinter } from '@numerek/hardware';
import { AppError, notFound } from '../../lib/app-error.ts';
import { newId } from '../../lib/ids.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { DeviceRepository } from '../devices/device.repository.ts';
import type { PrinterRepository } from '../printers/printer.repository.ts';
import { AgentPrinter, type AgentPrinting } from './agent-printer.ts';
import { SETTLED, type PrintJob, type PrintJobRepository } from './print-job.repository.ts';

/** How often jobs past their time are given up, and jobs settled by another process are noticed. */
export const PRINT_JOB_SWEEP_MS = 500;
/**
 * How long after its expiry a job already sent to the agent is given up: the agent drops a job at
 * its expiry, but one it started in time may still be waiting for the printer's confirmation (a
 * status read takes up to 2 s).
 */
export const SENT_GRACE_MS = 5000;
/** How long an agent may stay away before its printers are shown as not answering. */
export const AGENT_GONE_MS = 10_000;
/** Settled jobs are kept this long (a kiosk may ask about its ticket's print), then deleted. */
export const KEEP_SETTLED_MS = 24 * 60 * 60 * 1000;

const REASONS: ReadonlySet<string> = new Set<string>([...PRINTER_STATES, 'timeout', 'error']);

/** What a kiosk is told of a settled job. */
export function outcomeOf(job: Pick<PrintJob, 'state' | 'reason'>): PrintOutcome {
  if (job.state === 'printed') return { state: 'printed', reason: null };
  if (job.state === 'expired') return { state: 'failed', reason: 'timeout' };
  const reason = job.reason !== null && REASONS.has(job.reason) ? job.reason : 'error';
  return { state: 'failed', reason: reason as PrintOutcome['reason'] };
}

interface Waiter {
  /** Whether the job's row is committed: only then may a missing row mean the job is gone. */
  stored: boolean;
  resolve: (job: PrintJob | null) => void;
}

/**
 * Printing through print agents (docs/decisions/0019-print-agent.md). A print for a printer that
 * an agent drives becomes a row in `print_jobs`; whichever server process the agent is connected
 * to sends it; the agent's answer settles the row, and the process that is waiting for it (the
 * kiosk's request, a test print) reads the outcome. A job that is not printed by its expiry is
 * given up and never sent again, so nothing stale prints after a reconnect.
 *
 * The rows are the truth; their facts (`print-job.queued`, `print-job.settled`, recorded in the
 * same writes and heard on every process, decision 0021) only wake listeners sooner. Every process
 * also sweeps every {@link PRINT_JOB_SWEEP_MS}: it expires what is due and reads the rows of the
 * jobs it waits for, so a job settled through another process is noticed even without its fact.
 */
export class PrintAgentService implements AgentPrinting {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private lastPrune = 0;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly jobs: PrintJobRepository,
    private readonly printers: PrinterRepository,
    private readonly devices: DeviceRepository,
    /** Stores a printer's state and tells the console (the printers module does it). */
    private readonly recordStatus: (printerId: string, state: PrinterState) => Promise<void>,
  ) {
    this.unsubscribe = ctx.bus.subscribe('print-job.settled', (e) => void this.wake(e.jobId));
  }

  /** The printer the printers module uses for a printer that an agent drives. */
  printerFor(p: Printer): TicketPrinter {
    return new AgentPrinter(this, p.id);
  }

  async storedStatus(printerId: string): Promise<PrinterState> {
    return (await this.printers.find(printerId))?.status ?? 'no_answer';
  }

  /** Refuses an agent that is not a print agent of the office, or was revoked. */
  async assertAgent(officeId: string, agentId: string): Promise<void> {
    const device = await this.devices.find(agentId);
    if (!device || device.officeId !== officeId || device.kind !== 'print-agent' || device.revoked) {
      throw new AppError(
        'VALIDATION_FAILED',
        'agentId: not a print agent of this office; add one under Devices and pair it first',
        { field: 'agentId' },
      );
    }
  }

  /** Printers that an agent drives (a device that drives any cannot be deleted). */
  async printersDrivenBy(agentId: string): Promise<number> {
    return (await this.printers.forAgent(agentId)).length;
  }

  // --- printing ------------------------------------------------------------------------------

  /**
   * Prints one ticket through the printer's agent: stores the job, and resolves once the agent
   * printed it; rejects with a PrintError when it failed, or with reason `timeout` when it
   * expired (the agent was away, or did not answer in time).
   */
  async print(printerId: string, ticket: TicketJob): Promise<void> {
    const printer = await this.printers.find(printerId);
    if (!printer?.agentId) throw new PrintError('error', 'the printer has no print agent');
    const now = this.ctx.clock.now();
    const job: PrintJob = {
      id: newId(),
      officeId: printer.officeId,
      printerId,
      agentId: printer.agentId,
      ticketId: ticket.ticketId === 'test' ? null : ticket.ticketId,
      ticket,
      createdAt: now,
      expiresAt: now + printer.maxJobAgeSeconds * 1000,
      state: 'pending',
      reason: null,
      uncertain: false,
      updatedAt: now,
    };
    const waiter = this.waiter(job.id);
    try {
      // The agent may be connected to any server process: the fact goes to all of them.
      await this.ctx.writes.write(async () => {
        await this.jobs.insert(job);
        this.ctx.events.add('print-job.queued', {
          officeId: job.officeId,
          agentId: job.agentId,
          jobId: job.id,
        });
      });
    } catch (error) {
      this.forget(job.id, waiter.entry);
      throw new PrintError('error', `the print job could not be stored: ${String(error)}`);
    }
    waiter.entry.stored = true;
    const settled = await waiter.settled;
    const outcome = settled ? outcomeOf(settled) : ({ state: 'failed', reason: 'error' } as const);
    if (outcome.state === 'printed') return;
    throw new PrintError(
      outcome.reason ?? 'error',
      `not printed through the print agent (${settled?.state ?? 'gone'})`,
    );
  }

  /**
   * The print of a ticket through an agent as the database holds it, waiting up to `waitMs` while
   * it is open; null when the ticket was not printed through an agent. Any server process answers
   * it, whichever issued the ticket.
   */
  async printOfTicket(ticketId: string, waitMs: number): Promise<TicketPrint | null> {
    const job = await this.jobs.latestOfTicket(ticketId);
    if (!job) return null;
    if (SETTLED.has(job.state)) return outcomeOf(job);
    const waiter = this.waiter(job.id, true);
    const timer = setTimeout(() => waiter.entry.resolve(null), waitMs);
    const settled = await waiter.settled;
    clearTimeout(timer);
    this.forget(job.id, waiter.entry);
    return settled ? outcomeOf(settled) : { state: 'pending', reason: null };
  }

  // --- what the agent's connection asks --------------------------------------------------------

  /** The agent's printers, with the time on the server's clock. */
  async printersOf(agentId: string): Promise<AgentPrinters> {
    const printers = await this.printers.forAgent(agentId);
    return {
      serverTime: new Date(this.ctx.clock.now()).toISOString(),
      printers: printers.map((p) => ({
        id: p.id,
        name: p.name,
        connection: p.connection,
        codePage: p.codePage,
        cyrillic: p.cyrillic,
        paperWidth: p.paperWidth === 58 ? 58 : 80,
        cut: p.cut,
        maxJobAgeSeconds: p.maxJobAgeSeconds,
      })),
    };
  }

  /**
   * The agent's jobs to send now, each marked sent: those waiting, and after a (re)connection also
   * those sent before (the agent answers a job it already has from its journal, never printing it
   * again). Jobs past their expiry are never sent.
   */
  async jobsToSend(agentId: string, reconnected: boolean, only?: string): Promise<AgentJob[]> {
    const now = this.ctx.clock.now();
    const open = await this.jobs.openFor(agentId, reconnected ? ['pending', 'sent'] : ['pending'], now);
    const wanted = only === undefined ? open : open.filter((j) => j.id === only);
    if (wanted.length === 0) return [];
    const sent = await this.ctx.writes.write(async () => {
      const out: PrintJob[] = [];
      for (const job of wanted) if (await this.jobs.markSent(job.id, now)) out.push(job);
      return out;
    });
    const serverTime = new Date(now).toISOString();
    return sent.map((j) => ({
      id: j.id,
      printerId: j.printerId,
      ticket: j.ticket,
      expiresAt: new Date(j.expiresAt).toISOString(),
      serverTime,
    }));
  }

  /** Stores the agent's answer to a job (once; a repeated answer changes nothing) and says where the job stands. */
  async settle(agentId: string, result: AgentJobResult): Promise<AgentJobState> {
    const job = await this.jobs.find(result.id);
    if (!job || job.agentId !== agentId) throw notFound(`Print job ${result.id}`);
    const now = this.ctx.clock.now();
    const changed = await this.ctx.writes.write(async () => {
      const settled = await this.jobs.settle(result.id, agentId, result, now);
      if (settled) this.ctx.events.add('print-job.settled', { officeId: job.officeId, jobId: job.id });
      return settled;
    });
    if (changed && result.uncertain) {
      this.ctx.log.warn(
        { printer: job.printerId, job: job.id },
        'a print agent stopped while sending a job; it counts as printed and is never printed again',
      );
    }
    const after = await this.jobs.find(result.id);
    return { id: result.id, state: after?.state ?? 'expired' };
  }

  /** A printer's state as its agent reads it. */
  async reportStatus(agentId: string, printerId: string, state: PrinterState): Promise<void> {
    const printer = await this.printers.find(printerId);
    if (!printer || printer.agentId !== agentId) throw notFound(`Printer ${printerId}`);
    await this.recordStatus(printerId, state);
  }

  /** The agent connected to this process. */
  async connected(agentId: string): Promise<void> {
    const now = this.ctx.clock.now();
    await this.ctx.writes.write(() => this.jobs.markAgentSeen(agentId, now));
  }

  /**
   * The agent has been away since `since` (it left this process and has not come back here):
   * unless it connected anywhere after that, its printers are shown as not answering.
   */
  async away(agentId: string, since: number): Promise<void> {
    const device = await this.devices.find(agentId);
    if (device?.lastSeenAt && Date.parse(device.lastSeenAt) > since) return;
    for (const p of await this.printers.forAgent(agentId)) await this.recordStatus(p.id, 'no_answer');
  }

  // --- housekeeping ----------------------------------------------------------------------------

  /** Starts the sweep (expiry, jobs settled elsewhere, old rows). */
  start(intervalMs = PRINT_JOB_SWEEP_MS): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = setInterval(() => void this.sweep(), intervalMs);
    this.timer.unref();
  }

  /** Stops the sweep. Prints still waiting stay stored: the agent may yet print them in time. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.unsubscribe();
    await this.sweeping;
  }

  /** One sweep; never two at once. */
  sweep(): Promise<void> {
    this.sweeping ??= this.sweepOnce()
      .catch((error: unknown) => this.ctx.log.error({ err: error }, 'print jobs: the sweep failed'))
      .finally(() => (this.sweeping = null));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<void> {
    const now = this.ctx.clock.now();
    if (await this.jobs.anyDue(now, SENT_GRACE_MS)) {
      await this.ctx.writes.write(async () => {
        for (const job of await this.jobs.expireDue(now, SENT_GRACE_MS))
          this.ctx.events.add('print-job.settled', { officeId: job.officeId, jobId: job.id });
      });
    }
    for (const id of [...this.waiters.keys()]) await this.wake(id);
    if (now - this.lastPrune > 60 * 60 * 1000) {
      this.lastPrune = now;
      // Only a write that changes something: every commit drops the display snapshots' cache.
      if (await this.jobs.anySettledBefore(now - KEEP_SETTLED_MS))
        await this.ctx.writes.write(() => this.jobs.pruneSettled(now - KEEP_SETTLED_MS));
    }
  }

  // --- waiting for a job -----------------------------------------------------------------------

  private waiter(jobId: string, stored = false): { entry: Waiter; settled: Promise<PrintJob | null> } {
    let entry!: Waiter;
    const settled = new Promise<PrintJob | null>((resolve) => {
      entry = { stored, resolve };
    });
    const set = this.waiters.get(jobId) ?? new Set<Waiter>();
    set.add(entry);
    this.waiters.set(jobId, set);
    const done = entry.resolve;
    entry.resolve = (job) => {
      this.forget(jobId, entry);
      done(job);
    };
    return { entry, settled };
  }

  private forget(jobId: string, entry: Waiter): void {
    const set = this.waiters.get(jobId);
    set?.delete(entry);
    if (set?.size === 0) this.waiters.delete(jobId);
  }

  /** Reads a job someone waits for and, if it settled (or is gone), tells them. */
  private async wake(jobId: string): Promise<void> {
    const set = this.waiters.get(jobId);
    if (!set) return;
    const job = await this.jobs.find(jobId);
    if (job && !SETTLED.has(job.state)) return;
    for (const w of [...set]) if (job || w.stored) w.resolve(job);
  }
}
