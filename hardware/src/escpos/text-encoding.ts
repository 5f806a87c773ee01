import iconv from 'iconv-lite';
import type { CharTable } from './code-pages.ts';

/**
 * Typographic characters some tables lack, replaced by what a reader expects on paper when
 * neither selected table has them (CP852 has no en dash: "5–15" must not print as "5?15").
 */
const SUBSTITUTES: Readonly<Record<string, string>> = {
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u201e': '"',
  '\u201c': '"',
  '\u201d': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u2018': "'",
  '\u2019': "'",
  '\u02bc': "'",
  '\u2026': '...',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
  '\u2022': '*',
  '\u20ac': 'EUR',
  '\u00d8': 'O',
  '\u00f8': 'o',
  '\u00c6': 'AE',
  '\u00e6': 'ae',
  '\u0152': 'OE',
  '\u0153': 'oe',
};

/**
 * Last resort for Ukrainian letters missing from CP866 (І, і, Ґ, ґ): the Latin I looks the same,
 * and Г is how Ґ was written for decades.
 */
const CYRILLIC_FALLBACK: Readonly<Record<string, string>> = {
  '\u0406': 'I',
  '\u0456': 'i',
  '\u0490': '\u0413',
  '\u0491': '\u0433',
};

const byteCache = new Map<CharTable, Map<string, number | null>>();

/** The byte for one character in a table, or null when the table lacks it. */
export function byteFor(table: CharTable, char: string): number | null {
  let cache = byteCache.get(table);
  if (!cache) {
    cache = new Map();
    byteCache.set(table, cache);
  }
  const cached = cache.get(char);
  if (cached !== undefined) return cached;
  // iconv-lite writes '?' for what it cannot encode; a round trip tells a real '?' apart.
  const bytes = iconv.encode(char, table);
  const byte = bytes.length === 1 && iconv.decode(bytes, table) === char ? (bytes[0] ?? null) : null;
  cache.set(char, byte);
  return byte;
}

/** A run of text in one table: switch to `table`, then send `bytes`. */
export interface EncodedRun {
  table: CharTable;
  bytes: number[];
}

function isPlainAscii(char: string): boolean {
  const c = char.codePointAt(0) ?? 0;
  return c >= 0x20 && c < 0x7f;
}

function withoutMarks(char: string): string {
  return char.normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * Encodes text for a printer that has a Latin table and a Cyrillic table: each character goes
 * out in the table that has it, switching only when needed (ASCII is the same in all of them),
 * so a Ukrainian ticket can still show a Polish office name. Control characters become spaces
 * so that text can never smuggle printer commands. Returns the runs in order.
 */
export function encodeText(
  text: string,
  current: CharTable,
  latin: CharTable,
  cyrillic: CharTable,
): EncodedRun[] {
  const runs: EncodedRun[] = [];
  let table = current;
  const emit = (t: CharTable, byte: number): void => {
    const last = runs[runs.length - 1];
    if (last && last.table === t) last.bytes.push(byte);
    else runs.push({ table: t, bytes: [byte] });
    table = t;
  };
  const place = (char: string): boolean => {
    if (isPlainAscii(char)) {
      emit(table, char.charCodeAt(0));
      return true;
    }
    for (const t of [table, latin, cyrillic]) {
      const byte = byteFor(t, char);
      if (byte !== null) {
        emit(t, byte);
        return true;
      }
    }
    return false;
  };
  for (const raw of text) {
    const cp = raw.codePointAt(0) ?? 0;
    if (cp < 0x20 || cp === 0x7f) {
      emit(table, 0x20);
      continue;
    }
    if (place(raw)) continue;
    const substitute = SUBSTITUTES[raw];
    if (substitute !== undefined) {
      for (const c of substitute) place(c);
      continue;
    }
    const fallback = CYRILLIC_FALLBACK[raw];
    if (fallback !== undefined && place(fallback)) continue;
    const bare = withoutMarks(raw);
    if (bare !== raw && [...bare].every((c) => place(c))) continue;
    emit(table, 0x3f);
  }
  return runs;
}

/** Decodes bytes of one table back to Unicode (the decoder's half of the round trip). */
export function decodeBytes(bytes: Uint8Array, table: CharTable | 'cp437'): string {
  return iconv.decode(Buffer.from(bytes), table);
}
