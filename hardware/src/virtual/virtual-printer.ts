import { setMaxListeners } from 'node:events';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PaperWidth, PrinterState } from '@numerek/shared';
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
  /**
   * How long close() waits for the PDFs still to be drawn (by default CLOSE_WITHIN_MS); the
   * ones left then are drawn by drawPending() at the next start.
   */
  closeWithinMs?: number;
}

/** How long close() waits for the PDFs still to be drawn, unless told otherwise. */
export const CLOSE_WITHIN_MS = 3000;

/**
 * Beside a ticket's .bin until its PDF is written: what drawPending() needs to draw it after a
 * stop or a crash came first.
 */
const PENDING = '.pdf-pending.json';

/** The content of a PENDING file. */
interface PendingPdf {
  job: TicketJob;
  paperWidth: PaperWidth;
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
 * Until then `<code>-<ticketId>.pdf-pending.json` holds the ticket, so that a PDF that a stop (or
 * a crash) left undrawn is drawn at the next start (drawPending()), and a stop never waits for a
 * long backlog of PDFs.
 */
export class VirtualPrinter implements TicketPrinter {
  private readonly profile: PrinterProfile;
  private readonly drawing = new Set<Promise<void>>();
  /** Withdraws, as the printer closes, the PDFs still waiting for the worker. */
  private readonly stopDrawing = new AbortController();

  constructor(private readonly options: VirtualPrinterOptions) {
    this.profile = options.profile ?? DEFAULT_PROFILE;
    // Each PDF waiting for the worker listens to it until its turn: as many as the backlog, no leak.
    setMaxListeners(Infinity, this.stopDrawing.signal);
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
    this.draw(base, { job, paperWidth: this.profile.paperWidth });
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

  /**
   * Waits for the PDFs still to be drawn, at most `withinMs`, then withdraws those not begun: their
   * tickets stay printed (the .bin), and drawPending() draws them at the next start.
   */
  async close(withinMs = this.options.closeWithinMs ?? CLOSE_WITHIN_MS): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs)));
    await Promise.race([this.idle(), late]);
    clearTimeout(timer);
    this.stopDrawing.abort(new Error('the virtual printer closed'));
  }

  /**
   * Starts drawing the PDFs that an earlier process left undrawn (their tickets were printed; the
   * process stopped first), of every day folder and printer profile in the folder; answers how
   * many, once they are queued (call it before this process prints, so that none is drawn twice).
   */
  async drawPending(): Promise<number> {
    let days: string[];
    try {
      days = await readdir(this.options.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let queued = 0;
    for (const day of days.filter((name) => DAY_FOLDER.test(name)).sort()) {
      const folder = path.join(this.options.dir, day);
      for (const name of (await readdir(folder)).filter((n) => n.endsWith(PENDING)).sort()) {
        const base = path.join(folder, name.slice(0, -PENDING.length));
        let pending: PendingPdf;
        try {
          pending = JSON.parse(await readFile(`${base}${PENDING}`, 'utf8')) as PendingPdf;
        } catch (error) {
          // Cut short as it was written (the process died right after the .bin): nothing to draw from.
          this.pdfFailed(error, `${base}.pdf`);
          await rm(`${base}${PENDING}`, { force: true });
          continue;
        }
        this.draw(base, pending);
        queued += 1;
      }
    }
    return queued;
  }

  private baseOf(job: TicketJob): string {
    const folder = path.join(this.options.dir, issueDay(job.issuedAt, job.timeZone));
    return path.join(folder, `${safe(job.code)}-${safe(job.ticketId)}`);
  }

  /** Draws the ticket's PDF, then deletes its PENDING file (kept if no PDF was written). */
  private draw(base: string, pending: PendingPdf): void {
    const pdf = `${base}.pdf`;
    const { signal } = this.stopDrawing;
    const drawn: Promise<void> = renderTicketPdf(pending.job, pending.paperWidth, signal)
      .then((bytes) => writeFile(pdf, bytes))
      .then(() => rm(`${base}${PENDING}`, { force: true }))
      .catch((error: unknown) => {
        // Withdrawn as the printer closed: left for the next start, not failed.
        if (!(signal.aborted && error === signal.reason)) this.pdfFailed(error, pdf);
      })
      .finally(() => this.drawing.delete(drawn));
    this.drawing.add(drawn);
  }

  /** Writes the ticket's .bin (it is printed then), and the PENDING file its PDF is drawn from. */
  private async writeBin(job: TicketJob): Promise<string> {
    const base = this.baseOf(job);
    const pending: PendingPdf = { job, paperWidth: this.profile.paperWidth };
    try {
      await mkdir(path.dirname(base), { recursive: true });
      await writeFile(`${base}.bin`, layoutTicket(job, this.profile));
      await writeFile(`${base}${PENDING}`, JSON.stringify(pending));
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
