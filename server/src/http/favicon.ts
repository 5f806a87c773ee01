import { crc32, deflateSync } from 'node:zlib';
import type { App } from './types.ts';

/** Numerek's icon: a yellow N on the apps' blue, as drawn in FAVICON_SVG. */
const BLUE = [0x0b, 0x4f, 0x8a] as const;
const YELLOW = [0xff, 0xd4, 0x00] as const;
const N_OUTLINE: ReadonlyArray<readonly [number, number]> = [
  [8, 25],
  [8, 7],
  [12, 7],
  [20, 18.5],
  [20, 7],
  [24, 7],
  [24, 25],
  [20, 25],
  [12, 13.5],
  [12, 25],
];

export const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b4f8a"/><path d="M${N_OUTLINE.map(([x, y]) => `${x} ${y}`).join('L')}Z" fill="#ffd400"/></svg>`;

function insideN(x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = N_OUTLINE.length - 1; i < N_OUTLINE.length; j = i++) {
    const [xi, yi] = N_OUTLINE[i] ?? [0, 0];
    const [xj, yj] = N_OUTLINE[j] ?? [0, 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function insideSquare(x: number, y: number, size: number, r: number): boolean {
  const cx = Math.min(Math.max(x, r), size - r);
  const cy = Math.min(Math.max(y, r), size - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** The icon's RGBA pixels at 32×32, each pixel sampled 4×4 times so the edges are smooth. */
export function faviconPixels(size = 32): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const scale = 32 / size;
  for (let py = 0; py < size; py++)
    for (let pxi = 0; pxi < size; pxi++) {
      let square = 0;
      let letter = 0;
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) {
          const x = (pxi + (sx + 0.5) / 4) * scale;
          const y = (py + (sy + 0.5) / 4) * scale;
          if (insideSquare(x, y, 32, 6)) {
            square += 1;
            if (insideN(x, y)) letter += 1;
          }
        }
      const k = letter / Math.max(square, 1);
      const o = (py * size + pxi) * 4;
      for (let c = 0; c < 3; c++) px[o + c] = Math.round((BLUE[c] ?? 0) * (1 - k) + (YELLOW[c] ?? 0) * k);
      px[o + 3] = Math.round((square / 16) * 255);
    }
  return px;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A PNG of RGBA pixels (no filtering: the image is tiny). */
export function png(pixels: Uint8Array, size: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++)
    rows.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An .ico holding one 32×32 PNG (every browser since 2010 reads PNG inside ICO). */
export function faviconIco(): Buffer {
  const image = png(faviconPixels(32), 32);
  const header = Buffer.alloc(22);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(1, 4);
  header.set([32, 32, 0, 0], 6);
  header.writeUInt16LE(1, 10);
  header.writeUInt16LE(32, 12);
  header.writeUInt32LE(image.length, 14);
  header.writeUInt32LE(22, 18);
  return Buffer.concat([header, image]);
}

/** /favicon.svg and /favicon.ico for every app and public page (made once, kept a day). */
export function registerFavicons(app: App): void {
  const ico = faviconIco();
  const cache = 'public, max-age=86400';
  app.get('/favicon.svg', (_req, reply) =>
    reply.header('cache-control', cache).type('image/svg+xml').send(FAVICON_SVG),
  );
  app.get('/favicon.ico', (_req, reply) =>
    reply.header('cache-control', cache).type('image/x-icon').send(ico),
  );
}
