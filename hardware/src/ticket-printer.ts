import type { Language } from '@numerek/shared';

/** Everything printed on a ticket. No name and no reason for priority, ever. */
export interface TicketJob {
  ticketId: string;
  code: string;
  categoryName: string;
  officeName: string;
  /** ISO date and time of issue. */
  issuedAt: string;
  peopleAhead: number;
  estimatedWait: { minMinutes: number; maxMinutes: number };
  /** The ticket's status page (opaque id only), encoded in the QR code. */
  statusUrl: string;
  language: Language;
}

/** What a printer says about itself before a job. */
export type PrinterStatus = 'ok' | 'paper_near_end' | 'paper_out' | 'cover_open' | 'offline' | 'no_answer';

/** A ticket printer: thermal ESC/POS over TCP, USB or serial, a virtual one, or a fake in tests. */
export interface TicketPrinter {
  /** Prints one ticket; rejects if it could not be printed. */
  print(job: TicketJob): Promise<void>;
  status(): Promise<PrinterStatus>;
}

/** Keeps every job in memory: the default until printers are configured, and handy in tests. */
export class MemoryPrinter implements TicketPrinter {
  readonly jobs: TicketJob[] = [];
  state: PrinterStatus = 'ok';

  async print(job: TicketJob): Promise<void> {
    if (this.state !== 'ok' && this.state !== 'paper_near_end') throw new Error(`printer is ${this.state}`);
    this.jobs.push(job);
  }

  async status(): Promise<PrinterStatus> {
    return this.state;
  }
}

/** Writes one line per ticket to a log: what runs until a real or virtual printer is set up. */
export class LogPrinter implements TicketPrinter {
  constructor(private readonly log: (line: string) => void) {}

  async print(job: TicketJob): Promise<void> {
    this.log(
      `ticket ${job.code} issued (${job.categoryName}); no printer configured, status page ${job.statusUrl}`,
    );
  }

  async status(): Promise<PrinterStatus> {
    return 'ok';
  }
}
