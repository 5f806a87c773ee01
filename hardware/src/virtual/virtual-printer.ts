import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PrinterState } from '@numerek/shared';
import { issueDay } from '../layout/ticket-content.ts';
import { layoutTicket } from '../layout/ticket-layout.ts';
import {
  PrintError,
  type PrinterProfile,
  type PrintOptions,
  type TicketJob,
  type TicketPrinter,
} from '../ticket-printer.ts';
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
  /** Told when a ticket's PDF could not be written (its .bin was); a process warning by default. */
  onPdfError?: (error: unknown, file: string) => void;
}

/** Files a ticket name can hold safely. */
const safe = (s: string): string => s.replace(/[^A-Za-z0-9_-]/g, '_');

/** A day folder's name: the service day, `YYYY-MM-DD`. */
const DAY_FOLDER = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The printer used when none is configured: each ticket becomes
 * `<dir>/<YYYY-MM-DD>/<code>-<ticketId>.bin` (the exact ESC/POS bytes) and `.pdf` (what the
 * paper would show), so a new office sees its tickets before buying a printer. A ticket is
 * printed once its .bin is written; its PDF follows a moment later, drawn in a worker thread.
 */
export class VirtualPrinter implements TicketPrinter {
  private readonly profile: PrinterProfile;
  private readonly drawing = new Set<Promise<void>>();

  constructor(private readonly options: VirtualPrinterOptions) {
    this.profile = options.profile ?? DEFAULT_PROFILE;
  }

  /** Writes the ticket's .bin and starts its PDF; rejects with PrintError('error') if the .bin cannot be written. */
  async print(job: TicketJob, options: PrintOptions = {}): Promise<void> {
    if (options.notAfter !== undefined && Date.now() >= options.notAfter)
      throw new PrintError('timeout', 'the job is past its deadline; dropped, not printed');
    try {
      await options.beforeSend?.();
    } catch (error) {
      throw new PrintError('error', `the job was stopped before it was written: ${String(error)}`);
    }
    const base = await this.writeBin(job);
    const pdf = `${base}.pdf`;
    const drawn: Promise<void> = renderTicketPdf(job, this.profile.paperWidth)
      .then((bytes) => writeFile(pdf, bytes))
      .catch((error: unknown) => this.pdfFailed(error, pdf))
      .finally(() => this.drawing.delete(drawn));
    this.drawing.add(drawn);
  }

  /** Like print(), returning the files once both are written. */
  async write(job: TicketJob): Promise<{ bin: string; pdf: string }> {
    await this.print(job);
    await this.idle();
    const base = this.baseOf(job);
    return { bin: `${base}.bin`, pdf: `${base}.pdf` };
  }

  /** Resolves once the PDF of every ticket printed so far is written (or has failed). */
  async idle(): Promise<void> {
    while (this.drawing.size > 0) await Promise.all([...this.drawing]);
  }

  async status(): Promise<PrinterState> {
    return 'ok';
  }

  /** A folder never runs out of paper: listeners are never called. */
  onStatus(_listener: (state: PrinterState) => void): () => void {
    return () => undefined;
  }

  /** Waits for the PDFs still being drawn. */
  async close(): Promise<void> {
    await this.idle();
  }

  private baseOf(job: TicketJob): string {
    const folder = path.join(this.options.dir, issueDay(job.issuedAt, job.timeZone));
    return path.join(folder, `${safe(job.code)}-${safe(job.ticketId)}`);
  }

  private async writeBin(job: TicketJob): Promise<string> {
    const base = this.baseOf(job);
    try {
      await mkdir(path.dirname(base), { recursive: true });
      await writeFile(`${base}.bin`, layoutTicket(job, this.profile));
    } catch (error) {
      throw new PrintError('error', `virtual printer could not write ${base}: ${String(error)}`);
    }
    return base;
  }

  private pdfFailed(error: unknown, file: string): void {
    if (this.options.onPdfError) this.options.onPdfError(error, file);
    else process.emitWarning(`virtual printer: no PDF written to ${file}: ${String(error)}`);
  }
}

/**
 * Keeps the virtual printer's folder within a retention period: deletes the day folders
 * (`YYYY-MM-DD`) of service days before `firstKeptDay`, by their name, so the age of a ticket's
 * files is its service day whatever the files' times say. Anything else in the folder is left
 * alone. Returns the days deleted.
 */
export async function pruneVirtualArchive(dir: string, firstKeptDay: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const old = names.filter((name) => DAY_FOLDER.test(name) && name < firstKeptDay).sort();
  for (const day of old) await rm(path.join(dir, day), { recursive: true, force: true });
  return old;
}
