import type { Printer, PrinterCreate, PrinterPatch, PrinterState } from '@numerek/shared';
import {
  createPrinter,
  isLocalAddress,
  parseConnection,
  printerAddress,
  PrintError,
  type PrinterProfile,
  type TicketJob,
  type TicketPrinter,
} from '@numerek/hardware';
import { AppError, notFound } from '../../lib/app-error.ts';
import { newId } from '../../lib/ids.ts';
import type { UserActor } from '../../actor.ts';
import type { ServiceContext } from '../../service-context.ts';
import type { PrinterRepository } from './printer.repository.ts';

/** What the server needs to build a printer from its stored settings (the hardware package does it). */
export interface PrinterSpec {
  connection: string;
  profile: PrinterProfile;
  maxJobAgeMs: number;
}
export type PrinterFactory = (spec: PrinterSpec) => TicketPrinter;

/**
 * Real printers through the hardware package's drivers (TCP, USB, serial, virtual). Device
 * printers open only existing character devices under /dev; network printers refuse this
 * machine's own and link-local addresses unless `allowLocal`.
 */
export function hardwarePrinterFactory(virtualDir: string, allowLocal = false): PrinterFactory {
  return (spec) =>
    createPrinter(spec.connection, spec.profile, {
      maxJobAgeMs: spec.maxJobAgeMs,
      virtualDir,
      allowLocal,
    });
}

/**
 * Printers that a print agent drives (modules/print-agents): the agent opens their connection on
 * the office's network, and the server never does.
 */
export interface PrintAgents {
  printerFor(p: Printer): TicketPrinter;
  /** Refuses an id that is not a print agent of the office. */
  assertAgent(officeId: string, agentId: string): Promise<void>;
}

/** The outcome of printing one ticket, as the kiosk shows it. */
export type PrintResult = {
  state: 'printed' | 'failed' | 'none';
  reason: PrinterState | 'timeout' | 'error' | null;
};

/**
 * How often every configured printer is asked for its status while idle. A fault then reaches
 * the console within this plus one status read (≤ 2 s when the printer stays silent): ≤ 4 s.
 */
export const PRINTER_POLL_MS = 2000;

/** Where a printer connects decides which device or address the server writes to: administrators only. */
function assertMayConnect(actor: UserActor): void {
  if (actor.role !== 'admin') {
    throw new AppError('FORBIDDEN', 'Only an administrator can add a printer or change where it connects.', {
      reason: 'admin_only',
    });
  }
}

const ALERT_STATES: ReadonlySet<PrinterState> = new Set([
  'paper_near_end',
  'paper_out',
  'cover_open',
  'offline',
  'no_answer',
]);

/**
 * Ticket printers: their settings, one live printer (with its print queue) per configured
 * printer, a status poll that reports changes to the console, and printing a kiosk's tickets.
 */
export class PrinterService {
  private readonly live = new Map<string, { printer: TicketPrinter; spec: string }>();
  private pollTimer: NodeJS.Timeout | null = null;
  /** Printers whose status read is still running: a silent one is not asked twice at once. */
  private readonly polling = new Set<string>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly printers: PrinterRepository,
    private readonly factory: PrinterFactory,
    /** Prints for kiosks without a printer of their own (the virtual printer by default). */
    private readonly fallback: TicketPrinter,
    /** Printers reached through a print agent. */
    private readonly agents: PrintAgents | null = null,
  ) {}

  list(officeId: string): Promise<Printer[]> {
    return this.printers.list(officeId);
  }

  async exists(officeId: string, id: string): Promise<boolean> {
    return (await this.printers.find(id))?.officeId === officeId;
  }

  async get(officeId: string, id: string): Promise<Printer> {
    const p = await this.printers.find(id);
    if (!p || p.officeId !== officeId) throw notFound(`Printer ${id}`);
    return p;
  }

  async create(actor: UserActor, input: PrinterCreate): Promise<Printer> {
    assertMayConnect(actor);
    await this.assertReachable(actor.officeId, input.connection, input.agentId ?? null);
    const printer = await this.ctx.writes.write(async () => {
      const p: Printer = {
        id: newId(),
        officeId: actor.officeId,
        name: input.name,
        connection: input.connection,
        codePage: input.codePage,
        paperWidth: input.paperWidth,
        cyrillic: input.cyrillic ?? 'wpc1251',
        cut: input.cut ?? 'full',
        maxJobAgeSeconds: input.maxJobAgeSeconds ?? 15,
        agentId: input.agentId ?? null,
        status: 'no_answer',
        statusAt: null,
      };
      await this.printers.save(p, this.ctx.clock.now());
      await this.ctx.audit(actor, 'create', 'printer', p.id, { name: p.name, connection: p.connection });
      this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'printer', id: p.id });
      return p;
    });
    await this.poll(printer.id);
    return this.get(actor.officeId, printer.id);
  }

  async update(actor: UserActor, id: string, patch: PrinterPatch): Promise<Printer> {
    const before = await this.get(actor.officeId, id);
    const moves =
      (patch.connection !== undefined && patch.connection !== before.connection) ||
      (patch.agentId !== undefined && patch.agentId !== before.agentId);
    if (moves) {
      assertMayConnect(actor);
      await this.assertReachable(
        actor.officeId,
        patch.connection ?? before.connection,
        patch.agentId !== undefined ? patch.agentId : before.agentId,
      );
    }
    const printer = await this.ctx.writes.write(async () => {
      const current = await this.get(actor.officeId, id);
      const next: Printer = {
        ...current,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      };
      await this.printers.save(next, this.ctx.clock.now());
      await this.ctx.audit(actor, 'update', 'printer', id, {
        fields: Object.keys(patch),
        ...(next.connection !== current.connection
          ? { connection: { from: current.connection, to: next.connection } }
          : {}),
        ...(next.agentId !== current.agentId ? { agent: { from: current.agentId, to: next.agentId } } : {}),
      });
      this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'printer', id });
      return next;
    });
    await this.drop(id);
    await this.poll(id);
    return this.get(actor.officeId, printer.id);
  }

  async remove(actor: UserActor, id: string): Promise<void> {
    await this.ctx.writes.write(async () => {
      const p = await this.get(actor.officeId, id);
      const kiosks = await this.printers.kiosksUsing(id);
      if (kiosks > 0)
        throw new AppError(
          'IN_USE',
          `Printer "${p.name}" is assigned to ${kiosks} kiosk(s); assign them another printer first.`,
          { reason: 'assigned', count: kiosks },
        );
      await this.printers.delete(id);
      await this.ctx.audit(actor, 'delete', 'printer', id, { name: p.name });
      this.ctx.events.add('config.changed', { officeId: actor.officeId, entity: 'printer', id });
    });
    await this.drop(id);
  }

  /**
   * A printer behind a print agent needs a print agent of the office; the agent applies the rule
   * on local addresses on its own side. A printer the server drives must pass that rule here.
   */
  private async assertReachable(officeId: string, connection: string, agentId: string | null): Promise<void> {
    if (agentId === null) return this.assertAddressAllowed(connection);
    if (!this.agents) {
      throw new AppError('VALIDATION_FAILED', 'agentId: this server takes no print agents', {
        field: 'agentId',
      });
    }
    await this.agents.assertAgent(officeId, agentId);
  }

  /**
   * Refuses, when it is saved, a network printer on this machine's own or link-local address
   * (the transport refuses it again at every connection, after looking the name up then).
   */
  private async assertAddressAllowed(connection: string): Promise<void> {
    if (this.ctx.config.printerAllowLocal) return;
    let parsed;
    try {
      parsed = parseConnection(connection);
    } catch {
      return; // the schema has already said what is wrong with it
    }
    if (parsed.kind !== 'tcp') return;
    // A name that does not resolve yet (a printer not yet on the network) is checked when it does.
    const address = await printerAddress(parsed.host, true).catch(() => null);
    if (address && isLocalAddress(address)) {
      throw new AppError(
        'VALIDATION_FAILED',
        `connection: ${parsed.host} is this server or its own link (loopback or link-local); a network printer must have its own address on the office network`,
        { field: 'connection', reason: 'local_address' },
      );
    }
  }

  /** Prints a sample ticket, so the supervisor can check paper, code page and cut. */
  async testPrint(actor: UserActor, id: string, officeName: string, timeZone: string): Promise<PrintResult> {
    const p = await this.get(actor.officeId, id);
    const now = new Date(this.ctx.clock.now()).toISOString();
    return this.printWith(this.printerFor(p), {
      ticketId: 'test',
      code: 'A000',
      categoryName: 'Wydruk próbny – zażółć gęślą jaźń',
      officeName,
      issuedAt: now,
      timeZone,
      peopleAhead: 0,
      estimatedWait: { minMinutes: 0, maxMinutes: 5 },
      statusUrl: `${this.ctx.config.publicUrl}/t/test`,
      language: 'pl',
      counters: [],
      interpreter: false,
    });
  }

  /** Prints a ticket on a kiosk's printer (or the fallback) and says what happened. */
  async printTicket(printerId: string | null, job: TicketJob): Promise<PrintResult> {
    const p = printerId ? await this.printers.find(printerId) : null;
    const printer = p ? this.printerFor(p) : this.fallback;
    const result = await this.printWith(printer, job);
    if (
      p &&
      result.state === 'failed' &&
      result.reason &&
      result.reason !== (await this.printers.find(p.id))?.status
    ) {
      void this.poll(p.id);
    }
    return result;
  }

  private async printWith(printer: TicketPrinter, job: TicketJob): Promise<PrintResult> {
    try {
      await printer.print(job);
      return { state: 'printed', reason: null };
    } catch (error) {
      this.ctx.log.warn({ err: error, ticket: job.code }, 'a ticket was not printed');
      return { state: 'failed', reason: error instanceof PrintError ? error.reason : 'error' };
    }
  }

  private printerFor(p: Printer): TicketPrinter {
    const spec: PrinterSpec = {
      connection: p.connection,
      profile: {
        codePage: p.codePage,
        cyrillic: p.cyrillic,
        paperWidth: p.paperWidth === 58 ? 58 : 80,
        cut: p.cut,
      },
      maxJobAgeMs: p.maxJobAgeSeconds * 1000,
    };
    const key = JSON.stringify({ ...spec, agentId: p.agentId });
    const cached = this.live.get(p.id);
    if (cached && cached.spec === key) return cached.printer;
    if (cached) void cached.printer.close?.();
    // The server never opens the connection of a printer that a print agent drives.
    const printer = p.agentId && this.agents ? this.agents.printerFor(p) : this.factory(spec);
    this.live.set(p.id, { printer, spec: key });
    // A printer that reports changes itself (the print queue) is heard at once, not at the next poll.
    const reporting = printer as TicketPrinter & {
      onStatus?: (listener: (state: PrinterState) => void) => () => void;
    };
    reporting.onStatus?.((state) => void this.recordStatus(p.id, state));
    return printer;
  }

  private async drop(id: string): Promise<void> {
    const cached = this.live.get(id);
    this.live.delete(id);
    await cached?.printer.close?.();
  }

  /** Asks one printer for its status and records it. */
  async poll(id: string): Promise<PrinterState | null> {
    const p = await this.printers.find(id);
    if (!p) return null;
    // Its agent reports the state of a printer it drives.
    if (p.agentId) return p.status;
    let state: PrinterState;
    try {
      state = await this.printerFor(p).status();
    } catch {
      state = 'no_answer';
    }
    await this.recordStatus(id, state);
    return state;
  }

  /** Stores a printer's state when it changed and publishes it (alerts for the console). */
  async recordStatus(id: string, state: PrinterState): Promise<void> {
    const p = await this.printers.find(id);
    if (!p || (state === p.status && p.statusAt !== null)) return;
    const now = this.ctx.clock.now();
    await this.ctx.writes.write(async () => {
      await this.printers.saveStatus(id, state, now);
      this.ctx.events.add('printer.status', {
        officeId: p.officeId,
        printerId: p.id,
        name: p.name,
        state,
        at: now,
        alert: ALERT_STATES.has(state),
      });
    });
  }

  /**
   * Polls every printer every `intervalMs` until `stop()`, all at once, so a silent printer does
   * not delay the news from the others.
   */
  startPolling(intervalMs = PRINTER_POLL_MS): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    const pollOne = async (id: string): Promise<void> => {
      if (this.polling.has(id)) return;
      this.polling.add(id);
      try {
        await this.poll(id);
      } finally {
        this.polling.delete(id);
      }
    };
    const tick = async () => {
      await Promise.all((await this.printers.all()).map((p) => pollOne(p.id)));
    };
    this.pollTimer = setInterval(() => void tick(), intervalMs);
    this.pollTimer.unref();
    void tick();
  }

  async stop(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
    const all = [...this.live.values()];
    this.live.clear();
    await Promise.all(all.map((l) => l.printer.close?.()));
  }
}
