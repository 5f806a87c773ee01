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

/** A PDF waiting for its turn in the worker. */
interface Queued {
  request: Omit<PdfRequest, 'id'>;
  resolve: (pdf: Buffer) => void;
  reject: (e: unknown) => void;
  /** Stops listening to the caller's signal once the PDF has left the queue. */
  forget: () => void;
}

/**
 * One worker thread draws every PDF of the process, one after another: each is sent to it once
 * the one before is drawn, so that a backlog is drawn in order, the first ticket first (sent all
 * at once, they would be drawn side by side and all finish together, at the end), and a PDF not
 * yet sent can be withdrawn. The worker starts with the first PDF and stays (without keeping the
 * process alive) while idle, so its start-up is paid once.
 */
class PdfWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly queue: Queued[] = [];
  private current: (Queued & { id: number }) | null = null;

  render(request: Omit<PdfRequest, 'id'>, signal?: AbortSignal): Promise<Buffer> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<Buffer>((resolve, reject) => {
      const withdraw = () => {
        const at = this.queue.indexOf(queued);
        if (at < 0) return;
        this.queue.splice(at, 1);
        reject(signal?.reason);
      };
      const queued: Queued = {
        request,
        resolve,
        reject,
        forget: () => signal?.removeEventListener('abort', withdraw),
      };
      signal?.addEventListener('abort', withdraw, { once: true });
      this.queue.push(queued);
      this.sendNext();
    });
  }

  private sendNext(): void {
    if (this.current) return;
    const next = this.queue.shift();
    if (!next) {
      this.worker?.unref();
      return;
    }
    next.forget();
    const worker = this.started();
    const id = this.nextId++;
    this.current = { ...next, id };
    worker.ref();
    worker.postMessage({ ...next.request, id } satisfies PdfRequest);
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(new URL('./ticket-pdf.worker.js', import.meta.url), { workerData: FONTS });
    worker.unref();
    worker.on('message', (reply: PdfReply) => {
      const waiter = this.current;
      if (!waiter || waiter.id !== reply.id) return;
      this.current = null;
      if ('pdf' in reply)
        waiter.resolve(Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength));
      else waiter.reject(new Error(reply.error));
      this.sendNext();
    });
    const fail = (error: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const waiting = [...(this.current ? [this.current] : []), ...this.queue.splice(0)];
      this.current = null;
      for (const waiter of waiting) {
        waiter.forget();
        waiter.reject(error);
      }
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
 * (see ticket-pdf.worker.js), never on the caller's event loop. Aborting `signal` withdraws it
 * while it waits for its turn (rejecting with the signal's reason); one being drawn is finished.
 */
export function renderTicketPdf(
  job: TicketJob,
  paperWidth: PaperWidth = 80,
  signal?: AbortSignal,
): Promise<Buffer> {
  return pdfWorker.render({ blocks: ticketContent(job), title: `Numerek ${job.code}`, paperWidth }, signal);
}
