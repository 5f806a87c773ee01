import type { CutMode } from '@numerek/shared';
import type { CharTable, TableSelection } from './code-pages.ts';
import { encodeText } from './text-encoding.ts';

export const ALIGNMENTS = ['left', 'center', 'right'] as const;
export type Alignment = (typeof ALIGNMENTS)[number];

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;

/** The printer's two character tables: Polish text and Ukrainian text. */
export interface EncoderTables {
  latin: TableSelection;
  cyrillic: TableSelection;
}

/** Options of the native QR code. */
export interface QrOptions {
  /** Dots per module, 1–16. */
  moduleSize: number;
}

/**
 * Builds ESC/POS bytes. Pure: the same calls give the same bytes. Only the commands Numerek
 * needs, all from Epson's ESC/POS reference, so the decoder can read back everything it makes.
 */
export class EscPosEncoder {
  private readonly out: number[] = [];
  private table: CharTable | null = null;
  /** Styles known to be in force (null: unknown), so repeated settings cost no bytes. */
  private style: { align: Alignment | null; bold: boolean | null; size: number | null } = {
    align: null,
    bold: null,
    size: null,
  };

  constructor(private readonly tables: EncoderTables) {}

  /**
   * `ESC @` resets everything, the code page included, so the Latin table is selected again
   * right after; `FS .` leaves the double-byte (Chinese) mode some clones start in.
   */
  init(): this {
    this.out.push(ESC, 0x40, FS, 0x2e);
    this.table = null;
    this.style = { align: 'left', bold: false, size: 0 };
    this.select(this.tables.latin);
    return this;
  }

  /** `ESC a n`. */
  align(alignment: Alignment): this {
    if (this.style.align === alignment) return this;
    this.style.align = alignment;
    this.out.push(ESC, 0x61, ALIGNMENTS.indexOf(alignment));
    return this;
  }

  /** `ESC E n`. */
  bold(on: boolean): this {
    if (this.style.bold === on) return this;
    this.style.bold = on;
    this.out.push(ESC, 0x45, on ? 1 : 0);
    return this;
  }

  /** `GS ! n`: width and height multipliers, 1–8 each. */
  size(width: number, height: number = width): this {
    const w = clamp(Math.round(width), 1, 8) - 1;
    const h = clamp(Math.round(height), 1, 8) - 1;
    const n = (w << 4) | h;
    if (this.style.size === n) return this;
    this.style.size = n;
    this.out.push(GS, 0x21, n);
    return this;
  }

  /** Text in the current style, switching character tables as the characters require. */
  text(value: string): this {
    const current = this.table ?? this.tables.latin.table;
    for (const run of encodeText(value, current, this.tables.latin.table, this.tables.cyrillic.table)) {
      if (run.table !== this.table) {
        this.select(run.table === this.tables.latin.table ? this.tables.latin : this.tables.cyrillic);
      }
      this.out.push(...run.bytes);
    }
    return this;
  }

  /** Text followed by a line feed. */
  line(value = ''): this {
    return this.text(value).newline();
  }

  /** `LF`. */
  newline(): this {
    this.out.push(LF);
    return this;
  }

  /** `ESC d n`: prints the buffer and feeds n lines. */
  feed(lines: number): this {
    this.out.push(ESC, 0x64, clamp(Math.round(lines), 0, 255));
    return this;
  }

  /**
   * Native QR (`GS ( k`, function 165–169): model 2, module size, error level M, store
   * (length = data + 3), print. The data goes as UTF-8 bytes; Numerek only stores URLs.
   */
  qr(data: string, options: QrOptions): this {
    const payload = Buffer.from(data, 'utf8');
    const storeLength = payload.length + 3;
    if (storeLength > 0xffff) throw new RangeError('QR data too long');
    this.out.push(GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00);
    this.out.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, clamp(Math.round(options.moduleSize), 1, 16));
    this.out.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, 0x31);
    this.out.push(GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30, ...payload);
    this.out.push(GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30);
    return this;
  }

  /**
   * Ends the ticket: `GS V 66 n` feeds to the cutter and cuts (n = 0 full, 1 partial);
   * without a cutter the paper is fed far enough to be torn off.
   */
  cut(mode: CutMode): this {
    if (mode === 'none') return this.feed(5);
    this.out.push(GS, 0x56, 66, mode === 'full' ? 0 : 1);
    return this;
  }

  /** The bytes so far. */
  bytes(): Uint8Array {
    return Uint8Array.from(this.out);
  }

  private select(selection: TableSelection): void {
    this.out.push(...selection.command);
    this.table = selection.table;
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}
