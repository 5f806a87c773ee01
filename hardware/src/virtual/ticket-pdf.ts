import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { PaperWidth } from '@numerek/shared';
import { ticketContent, type TicketBlock } from '../layout/ticket-content.ts';
import type { TicketJob } from '../ticket-printer.ts';

const require = createRequire(import.meta.url);

/** What the PDF worker needs once: DejaVu Sans has every Polish and Ukrainian glyph; PDF's standard fonts have neither. */
export interface PdfWorkerData {
  regular: string;
  bold: string;
}
/** One ticket to draw, as the worker receives it. */
export interface PdfRequest {
  id: number;
  blocks: TicketBlock[];
  title: string;
  paperWidth: PaperWidth;
}
/** The worker's answer: the PDF's bytes, or why there are none. */
export type PdfReply = { id: number; pdf: Uint8Array } | { id: number; error: string };

const FONTS: PdfWorkerData = {
  regular: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'),
  bold: require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf'),
};

/**
 * One worker thread draws every PDF of the process, one after another. It starts with the first
 * PDF and stays (without keeping the process alive) while idle, so its start-up is paid once.
 */
class PdfWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly waiting = new Map<
    number,
    { resolve: (pdf: Buffer) => void; reject: (e: Error) => void }
  >();

  render(request: Omit<PdfRequest, 'id'>): Promise<Buffer> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise<Buffer>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...request, id } satisfies PdfRequest);
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./ticket-pdf.worker.js', import.meta.url), { workerData: FONTS });
    worker.unref();
    worker.on('message', (reply: PdfReply) => {
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (this.waiting.size === 0) worker.unref();
      if (!waiter) return;
      if ('pdf' in reply)
        waiter.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      else waiter.reject(new Error(reply.error));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = null;
      for (const waiter of this.waiting.values()) waiter.reject(error);
      this.waiting.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the PDF worker stopped with code ${code}`)));
    this.worker = worker;
    return worker;
  }
}

const pdfWorker = new PdfWorker();

/**
 * The ticket as a PDF the size of the paper roll, from the same blocks as the ESC/POS layout,
 * so that someone without a printer sees exactly what the ticket says. Drawn in a worker thread
 * (see ticket-pdf.worker.js), never on the caller's event loop.
 */
export function renderTicketPdf(job: TicketJob, paperWidth: PaperWidth = 80): Promise<Buffer> {
  return pdfWorker.render({ blocks: ticketContent(job), title: `Numerek ${job.code}`, paperWidth });
}
