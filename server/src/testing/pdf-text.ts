import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF written by pdfkit with an embedded font, without system tools: inflates the
 * streams, reads each font's ToUnicode map (pdfkit writes `bfrange` arrays) and decodes every
 * `TJ` array of glyph ids with it. Returns one string per font map (lines joined by "\n"):
 * decoded with the wrong map a line is gibberish, so a test looks for its text in any of them.
 */
export function pdfTexts(pdf: Buffer): string[] {
  const source = pdf.toString('latin1');
  const streams: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source)) !== null) {
    const start = m.index + m[0].length;
    const end = source.indexOf('endstream', start);
    if (end < 0) break;
    const raw = pdf.subarray(start, end);
    try {
      streams.push(inflateSync(raw).toString('latin1'));
    } catch {
      streams.push(raw.toString('latin1'));
    }
    re.lastIndex = end + 'endstream'.length;
  }
  const maps = streams.filter((s) => s.includes('beginbfrange')).map(parseCmap);
  const lines = streams
    .filter((s) => s.includes('TJ'))
    .flatMap((s) => [...s.matchAll(/\[((?:<[0-9a-fA-F]*>|[\s\-0-9.])*)\]\s*TJ/g)].map((x) => x[1] ?? ''));
  return maps.map((map) =>
    lines
      .map((line) =>
        [...line.matchAll(/<([0-9a-fA-F]*)>/g)]
          .map((h) => {
            const hex = h[1] ?? '';
            let out = '';
            for (let i = 0; i + 4 <= hex.length; i += 4)
              out += map.get(parseInt(hex.slice(i, i + 4), 16)) ?? '\uFFFD';
            return out;
          })
          .join(''),
      )
      .join('\n'),
  );
}

function parseCmap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const r of cmap.matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*\[([^\]]*)\]/g)) {
    const first = parseInt(r[1] ?? '0', 16);
    [...(r[3] ?? '').matchAll(/<([0-9a-fA-F]*)>/g)].forEach((u, i) => {
      const hex = u[1] ?? '';
      const units: number[] = [];
      for (let j = 0; j + 4 <= hex.length; j += 4) units.push(parseInt(hex.slice(j, j + 4), 16));
      map.set(first + i, String.fromCharCode(...units));
    });
  }
  return map;
}
