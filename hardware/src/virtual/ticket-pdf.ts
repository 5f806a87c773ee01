import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { PaperWidth } from '@numerek/shared';
import { ticketContent, type TextRole } from '../layout/ticket-content.ts';
import type { TicketJob } from '../ticket-printer.ts';

const require = createRequire(import.meta.url);
/** DejaVu Sans has every Polish and Ukrainian glyph; PDF's standard fonts have neither. */
const FONT = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf');
const FONT_BOLD = require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf');

const MM = 72 / 25.4;
const FONT_SIZE: Readonly<Record<TextRole, number>> = {
  office: 10,
  category: 13,
  code: 40,
  detail: 9,
  note: 8,
};

/**
 * The ticket as a PDF the size of the paper roll, from the same blocks as the ESC/POS layout,
 * so that someone without a printer sees exactly what the ticket says.
 */
export async function renderTicketPdf(job: TicketJob, paperWidth: PaperWidth = 80): Promise<Buffer> {
  const width = paperWidth * MM;
  const margin = 4 * MM;
  const blocks = ticketContent(job);
  const qrImages = new Map<string, Buffer>();
  for (const b of blocks) {
    if (b.kind === 'qr')
      qrImages.set(b.data, await QRCode.toBuffer(b.data, { errorCorrectionLevel: 'M', margin: 1, scale: 6 }));
  }
  const doc = new PDFDocument({
    size: [width, 150 * MM],
    margin,
    info: { Title: `Numerek ${job.code}`, Creator: 'Numerek' },
  });
  doc.registerFont('ticket', FONT);
  doc.registerFont('ticket-bold', FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
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
