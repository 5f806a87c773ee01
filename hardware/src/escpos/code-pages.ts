import type { CodePage, CyrillicMode } from '@numerek/shared';

/** The character tables Numerek prints with (iconv-lite names). */
export const CHAR_TABLES = ['cp852', 'cp1250', 'cp866', 'cp1251'] as const;
export type CharTable = (typeof CHAR_TABLES)[number];

/** A character table and the printer command that selects it. */
export interface TableSelection {
  table: CharTable;
  command: Uint8Array;
}

const ESC = 0x1b;
const GS = 0x1d;

const epson = (n: number): Uint8Array => Uint8Array.of(ESC, 0x74, n);
// Star's own numbering (Star Line Mode / StarPRNT "ESC GS t n"): 5 = 852, 10 = 866,
// 33 = 1250, 34 = 1251. See docs/decisions/0005-escpos-encoder.md for the source.
const star = (n: number): Uint8Array => Uint8Array.of(ESC, GS, 0x74, n);

const LATIN: Record<CodePage, TableSelection> = {
  cp852: { table: 'cp852', command: epson(18) },
  cp1250: { table: 'cp1250', command: epson(45) },
  'cp1250-72': { table: 'cp1250', command: epson(72) },
  'star-cp852': { table: 'cp852', command: star(5) },
  'star-cp1250': { table: 'cp1250', command: star(33) },
};

/** The Polish (Latin-2) table of a printer's code-page setting. */
export function latinSelection(codePage: CodePage): TableSelection {
  return LATIN[codePage];
}

/**
 * The Cyrillic table for Ukrainian text. `raster` is printed as WPC1251 for now (see decision
 * 0005); Star printers get the same tables under Star's numbers.
 */
export function cyrillicSelection(mode: CyrillicMode, codePage: CodePage): TableSelection {
  const isStar = codePage.startsWith('star-');
  if (mode === 'cp866') return { table: 'cp866', command: isStar ? star(10) : epson(17) };
  return { table: 'cp1251', command: isStar ? star(34) : epson(46) };
}

/** Which table an `ESC t n` selects, for the decoder (null: a table Numerek never selects). */
export function tableForEpsonNumber(n: number): CharTable | null {
  switch (n) {
    case 17:
      return 'cp866';
    case 18:
      return 'cp852';
    case 45:
    case 72:
      return 'cp1250';
    case 46:
      return 'cp1251';
    default:
      return null;
  }
}

/** Which table a Star `ESC GS t n` selects, for the decoder. */
export function tableForStarNumber(n: number): CharTable | null {
  switch (n) {
    case 5:
      return 'cp852';
    case 10:
      return 'cp866';
    case 33:
      return 'cp1250';
    case 34:
      return 'cp1251';
    default:
      return null;
  }
}
