import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/test-app.ts';
import { FAVICON_SVG, faviconIco } from './favicon.ts';

describe('favicon', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
  });
  afterAll(async () => t.close());

  it('is an .ico holding a 32×32 RGBA PNG of the blue square with a yellow N', () => {
    const ico = faviconIco();
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)]).toEqual([0, 1, 1]);
    expect([ico[6], ico[7]]).toEqual([32, 32]);
    const image = ico.subarray(ico.readUInt32LE(18));
    expect(image.length).toBe(ico.readUInt32LE(14));
    expect(image.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([image.readUInt32BE(16), image.readUInt32BE(20), image[24], image[25]]).toEqual([32, 32, 8, 6]);
    const idatLength = image.readUInt32BE(33);
    const rows = inflateSync(image.subarray(41, 41 + idatLength));
    const pixel = (x: number, y: number) =>
      Array.from(rows.subarray(y * 129 + 1 + x * 4, y * 129 + 1 + x * 4 + 4));
    expect(pixel(4, 16)).toEqual([0x0b, 0x4f, 0x8a, 255]); // the square
    expect(pixel(9, 16)).toEqual([0xff, 0xd4, 0x00, 255]); // the N's left bar
    expect(pixel(0, 0)[3]).toBeLessThan(64); // the rounded corner
  });

  it('is served as /favicon.svg and /favicon.ico, cached for a day', async () => {
    const svg = await t.app.inject({ method: 'GET', url: '/favicon.svg' });
    expect(svg.statusCode).toBe(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.body).toBe(FAVICON_SVG);
    const ico = await t.app.inject({ method: 'GET', url: '/favicon.ico' });
    expect(ico.statusCode).toBe(200);
    expect(ico.headers['content-type']).toBe('image/x-icon');
    expect(ico.rawPayload.equals(faviconIco())).toBe(true);
    expect(ico.headers['cache-control']).toBe('public, max-age=86400');
  });
});
