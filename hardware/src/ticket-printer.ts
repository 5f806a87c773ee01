import type { CodePage, CutMode, CyrillicMode, Language, PaperWidth, PrinterState } from '@numerek/shared';

/** Everything printed on a ticket. No name and no reason for priority, ever. */
export interface TicketJob {
  ticketId: string;
  code: string;
  /** The category's name in the ticket's language. */
  categoryName: string;
  officeName: string;
  /** ISO date and time of issue. */
  issuedAt: string;
  /** The office's time zone, for the date and time printed. */
  timeZone: string;
  peopleAhead: number;
  estimatedWait: { minMinutes: number; maxMinutes: number };
  /**
   * No counter may call the ticket now (none open yet, or all closed for the day): the ticket says
   * so, and that the client will be called when one opens, instead of the wait range.
   */
  nobodyServing?: boolean;
  /** The ticket's status page (opaque id only), encoded in the QR code. */
  statusUrl: string;
  language: Language;
  /** Where to go: the counters serving the category (empty: watch the display). */
  counters: Array<{ number: number; name: string }>;
  /** A PJM interpreter was requested: the ticket says the clerk has been told. */
  interpreter: boolean;
}

/** How one printer wants its bytes: set per printer in the console. */
export interface PrinterProfile {
  codePage: CodePage;
  cyrillic: CyrillicMode;
  paperWidth: PaperWidth;
  cut: CutMode;
}

export type { PrinterState };

/** Why a job was not printed: the printer's state, no answer in time, or another error. */
export class PrintError extends Error {
  override name = 'PrintError';
  constructor(
    readonly reason: PrinterState | 'timeout' | 'error',
    message: string,
  ) {
    super(message);
  }
}

/**
 * What a caller may ask of one print besides the ticket. The print queue and the virtual printer
 * honour both; a printer that ignores them prints as if they were not given.
 */
export interface PrintOptions {
  /**
   * A time on the printer's clock (epoch ms) after which the job is dropped, never printed: for a
   * job that waited elsewhere before it reached this printer, earlier than the printer's own
   * maximum job age would allow.
   */
  notAfter?: number;
  /**
   * Runs once, right before the job's first byte is sent (after the printer said it can print).
   * If it rejects, nothing is sent and the print rejects with PrintError('error').
   */
  beforeSend?: () => void | Promise<void>;
}

/** A ticket printer: thermal ESC/POS over TCP, USB or serial, a virtual one, or a fake in tests. */
export interface TicketPrinter {
  /** Prints one ticket; rejects with a PrintError if it was not printed (and will not be later). */
  print(job: TicketJob, options?: PrintOptions): Promise<void>;
  status(): Promise<PrinterState>;
  /** Releases connections and timers. */
  close?(): Promise<void>;
}

/** Keeps every job in memory: handy in tests. */
export class MemoryPrinter implements TicketPrinter {
  readonly jobs: TicketJob[] = [];
  state: PrinterState = 'ok';

  async print(job: TicketJob): Promise<void> {
    if (this.state !== 'ok' && this.state !== 'paper_near_end')
      throw new PrintError(this.state, `printer is ${this.state}`);
    this.jobs.push(job);
  }

  async status(): Promise<PrinterState> {
    return this.state;
  }
}
