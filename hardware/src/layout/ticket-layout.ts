import type { PaperWidth } from '@numerek/shared';
import { cyrillicSelection, latinSelection } from '../escpos/code-pages.ts';
import { EscPosEncoder } from '../escpos/encoder.ts';
import type { PrinterProfile, TicketJob } from '../ticket-printer.ts';
import { ticketContent, type TextRole } from './ticket-content.ts';
import { wrapText } from './wrap.ts';

/** Characters per line in font A: 58 mm paper has 384 dots, 80 mm has 576 (12 dots a character). */
export const COLUMNS: Readonly<Record<PaperWidth, number>> = { 58: 32, 80: 48 };

const ROLE_SIZE: Readonly<Record<Exclude<TextRole, 'code'>, number>> = {
  office: 1,
  category: 2,
  detail: 1,
  note: 1,
};

/** The largest magnification (up to 4×) at which the code fits on one line. */
function codeSize(code: string, columns: number): number {
  const length = Math.max(1, [...code].length);
  return Math.max(1, Math.min(4, Math.floor(columns / length)));
}

/**
 * The ticket as ESC/POS bytes for one printer profile. Pure: golden-byte tested.
 * The code is printed at 4× (8 characters a line on 58 mm), smaller only if it would not fit.
 */
export function layoutTicket(job: TicketJob, profile: PrinterProfile): Uint8Array {
  const columns = COLUMNS[profile.paperWidth];
  const e = new EscPosEncoder({
    latin: latinSelection(profile.codePage),
    cyrillic: cyrillicSelection(profile.cyrillic, profile.codePage),
  });
  e.init();
  for (const block of ticketContent(job)) {
    if (block.kind === 'space') {
      e.newline();
    } else if (block.kind === 'qr') {
      e.align('center')
        .qr(block.data, { moduleSize: profile.paperWidth === 58 ? 5 : 6 })
        .newline();
    } else {
      const size = block.role === 'code' ? codeSize(block.text, columns) : ROLE_SIZE[block.role];
      e.align(block.align).bold(block.bold).size(size);
      for (const line of wrapText(block.text, Math.floor(columns / size))) e.line(line);
      e.size(1).bold(false);
    }
  }
  return e.cut(profile.cut).bytes();
}
