import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrinterState } from '@numerek/shared';
import { issueDay } from '../layout/ticket-content.ts';
import { layoutTicket } from '../layout/ticket-layout.ts';
import { PrintError, type PrinterProfile, type TicketJob, type TicketPrinter } from '../ticket-printer.ts';
import { renderTicketPdf } from './ticket-pdf.ts';

/** The profile of a printer nobody configured: the most common Epson setting. */
export const DEFAULT_PROFILE: PrinterProfile = {
  codePage: 'cp852',
  cyrillic: 'cp866',
  paperWidth: 80,
  cut: 'full',
};

/** Where and how the virtual printer writes tickets. */
export interface VirtualPrinterOptions {
  /** Folder for tickets; one subfolder per service day. */
  dir: string;
  profile?: PrinterProfile;
}

/** Files a ticket name can hold safely. */
const safe = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * The printer used when none is configured: each ticket becomes
 * `<dir>/<YYYY-MM-DD>/<code>-<ticketId>.bin` (the exact ESC/POS bytes) and `.pdf` (what the
 * paper would show), so a new office sees its tickets before buying a printer.
 */
export class VirtualPrinter implements TicketPrinter {
  private readonly profile: PrinterProfile;

  constructor(private readonly options: VirtualPrinterOptions) {
    this.profile = options.profile ?? DEFAULT_PROFILE;
  }

  /** Writes the ticket's .bin and .pdf; rejects with PrintError('error') if it cannot. */
  async print(job: TicketJob): Promise<void> {
    await this.write(job);
  }

  /** Like print(), returning the files written. */
  async write(job: TicketJob): Promise<{ bin: string; pdf: string }> {
    const folder = path.join(this.options.dir, issueDay(job.issuedAt, job.timeZone));
    const base = path.join(folder, `${safe(job.code)}-${safe(job.ticketId)}`);
    try {
      await mkdir(folder, { recursive: true });
      await writeFile(`${base}.bin`, layoutTicket(job, this.profile));
      await writeFile(`${base}.pdf`, await renderTicketPdf(job, this.profile.paperWidth));
    } catch (error) {
      throw new PrintError('error', `virtual printer could not write ${base}: ${String(error)}`);
    }
    return { bin: `${base}.bin`, pdf: `${base}.pdf` };
  }

  async status(): Promise<PrinterState> {
    return 'ok';
  }

  /** A folder never runs out of paper: listeners are never called. */
  onStatus(_listener: (state: PrinterState) => void): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    // Nothing to release: every ticket is written and closed in print().
  }
}
