// @ts-check
// The virtual printer's PDFs are drawn here, in a worker thread: PDFKit parses and subsets the
// DejaVu fonts for every document (about 100 ms), which on the main thread would hold up every
// request meanwhile. Plain JavaScript, so that the worker starts without a TypeScript loader;
// ticket-pdf.ts sends it the ticket's blocks, already laid out by ticketContent().
import { parentPort, workerData } from 'node:worker_threads';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

/** @typedef {import('../layout/ticket-content.ts').TicketBlock} TicketBlock */
/** @typedef {import('../layout/ticket-content.ts').TextRole} TextRole */
/** @typedef {import('./ticket-pdf.ts').PdfRequest} PdfRequest */
/** @typedef {import('./ticket-pdf.ts').PdfReply} PdfReply */
/** @typedef {import('./ticket-pdf.ts').PdfWorkerData} PdfWorkerData */

const fonts = /** @type {PdfWorkerData} */ (workerData);
const MM = 72 / 25.4;
/** @type {Readonly<Record<TextRole, number>>} */
const FONT_SIZE = { office: 10, category: 13, code: 40, detail: 9, note: 8 };

/**
 * The ticket as a PDF the size of the paper roll, from the same blocks as the ESC/POS layout.
 * @param {PdfRequest} request
 * @returns {Promise<Buffer>}
 */
async function render({ blocks, title, paperWidth }) {
  const width = paperWidth * MM;
  const margin = 4 * MM;
  /** @type {Map<string, Buffer>} */
  const qrImages = new Map();
  for (const b of blocks) {
    if (b.kind === 'qr')
      qrImages.set(b.data, await QRCode.toBuffer(b.data, { errorCorrectionLevel: 'M', margin: 1, scale: 6 }));
  }
  const doc = new PDFDocument({
    size: [width, 150 * MM],
    margin,
    info: { Title: title, Creator: 'Numerek' },
  });
  doc.registerFont('ticket', fonts.regular);
  doc.registerFont('ticket-bold', fonts.bold);
  /** @type {Buffer[]} */
  const chunks = [];
  doc.on('data', (/** @type {Buffer} */ c) => chunks.push(c));
  /** @type {Promise<Buffer>} */
  const done = new Promise((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const inner = width - 2 * margin;
  for (const b of blocks) {
    if (b.kind === 'space') {
      doc.moveDown(0.5);
    } else if (b.kind === 'qr') {
      const image = qrImages.get(b.data);
      const size = Math.min(inner, 30 * MM);
      if (image) doc.image(image, margin + (inner - size) / 2, doc.y, { width: size, height: size });
      doc.y += size + 2;
    } else {
      doc
        .font(b.bold ? 'ticket-bold' : 'ticket')
        .fontSize(FONT_SIZE[b.role])
        .text(b.text, margin, doc.y, { width: inner, align: b.align });
    }
  }
  doc.end();
  return done;
}

parentPort?.on('message', (/** @type {PdfRequest} */ request) => {
  render(request).then(
    (pdf) => {
      /** @type {PdfReply} */
      const reply = { id: request.id, pdf };
      parentPort?.postMessage(reply);
    },
    (error) => {
      /** @type {PdfReply} */
      const reply = { id: request.id, error: String(error) };
      parentPort?.postMessage(reply);
    },
  );
});
