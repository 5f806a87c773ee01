import { tableForEpsonNumber, tableForStarNumber, type CharTable } from './code-pages.ts';
import { decodeBytes } from './text-encoding.ts';

/** ESC/POS bytes read back as people would see them, with markers for the commands. */
export interface DecodedEscPos {
  /** Printed text only, one printed line per line. */
  text: string;
  /** Text with `[command]` markers, e.g. `[size 4x4]`, `[qr https://…]`, `[cut full]`. */
  markup: string;
  /** Every QR payload stored, in order. */
  qr: string[];
  /** Every cut, in order. */
  cuts: Array<'full' | 'partial'>;
  /** Commands the decoder does not know, as hex; empty for anything Numerek emits. */
  unknown: string[];
}

const hex = (bytes: ArrayLike<number>): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');

/**
 * Decodes exactly the commands Numerek's encoder emits (plus `DLE EOT` status requests and
 * `GS v 0` raster images as markers). Pure; for tests, demos and the virtual printer.
 */
export function decodeEscPos(input: Uint8Array): DecodedEscPos {
  const result: DecodedEscPos = { text: '', markup: '', qr: [], cuts: [], unknown: [] };
  let table: CharTable | 'cp437' = 'cp437';
  let pending: number[] = [];
  const flush = (): void => {
    if (pending.length === 0) return;
    const s = decodeBytes(Uint8Array.from(pending), table);
    result.text += s;
    result.markup += s;
    pending = [];
  };
  const mark = (m: string): void => {
    flush();
    result.markup += `[${m}]`;
  };
  const at = (i: number): number => input[i] ?? 0;
  let i = 0;
  while (i < input.length) {
    const b = at(i);
    if (b === 0x0a) {
      flush();
      result.text += '\n';
      result.markup += '\n';
      i += 1;
    } else if (b >= 0x20 && b !== 0x7f) {
      pending.push(b);
      i += 1;
    } else if (b === 0x1b) {
      const c = at(i + 1);
      if (c === 0x40) {
        mark('init');
        table = 'cp437';
        i += 2;
      } else if (c === 0x74) {
        flush();
        table = tableForEpsonNumber(at(i + 2)) ?? 'cp437';
        mark(`codepage ${table}`);
        i += 3;
      } else if (c === 0x1d && at(i + 2) === 0x74) {
        flush();
        table = tableForStarNumber(at(i + 3)) ?? 'cp437';
        mark(`codepage ${table}`);
        i += 4;
      } else if (c === 0x61) {
        mark(`align ${['left', 'center', 'right'][at(i + 2)] ?? at(i + 2)}`);
        i += 3;
      } else if (c === 0x45) {
        mark(`bold ${at(i + 2) ? 'on' : 'off'}`);
        i += 3;
      } else if (c === 0x64) {
        mark(`feed ${at(i + 2)}`);
        for (let k = 0; k < at(i + 2); k++) result.text += '\n';
        i += 3;
      } else {
        mark(`? ${hex([b, c])}`);
        result.unknown.push(hex([b, c]));
        i += 2;
      }
    } else if (b === 0x1c && at(i + 1) === 0x2e) {
      mark('single-byte');
      i += 2;
    } else if (b === 0x10 && at(i + 1) === 0x04) {
      mark(`status ${at(i + 2)}`);
      i += 3;
    } else if (b === 0x1d) {
      const c = at(i + 1);
      if (c === 0x21) {
        const n = at(i + 2);
        mark(`size ${(n >> 4) + 1}x${(n & 0x0f) + 1}`);
        i += 3;
      } else if (c === 0x56) {
        const m = at(i + 2);
        const partial = m === 66 || m === 65 ? at(i + 3) === 1 : m === 1 || m === 49;
        result.cuts.push(partial ? 'partial' : 'full');
        mark(`cut ${partial ? 'partial' : 'full'}`);
        i += m === 66 || m === 65 ? 4 : 3;
      } else if (c === 0x28 && at(i + 2) === 0x6b) {
        const len = at(i + 3) | (at(i + 4) << 8);
        const body = input.subarray(i + 5, i + 5 + len);
        if (body[0] === 0x31 && body[1] === 0x50) {
          const data = Buffer.from(body.subarray(3)).toString('utf8');
          result.qr.push(data);
          mark(`qr ${data}`);
        } else if (body[0] === 0x31 && body[1] === 0x51) {
          mark('qr print');
        }
        i += 5 + len;
      } else if (c === 0x76 && at(i + 2) === 0x30) {
        const widthBytes = at(i + 4) | (at(i + 5) << 8);
        const height = at(i + 6) | (at(i + 7) << 8);
        mark(`raster ${widthBytes * 8}x${height}`);
        result.text += '[image]\n';
        i += 8 + widthBytes * height;
      } else {
        mark(`? ${hex([b, c])}`);
        result.unknown.push(hex([b, c]));
        i += 2;
      }
    } else {
      mark(`? ${hex([b])}`);
      result.unknown.push(hex([b]));
      i += 1;
    }
  }
  flush();
  return result;
}
