import { describe, expect, it } from 'vitest';
import { pageTarget, type Extent } from './scroll-page.ts';

/** Six tiles 300 px tall, 20 px apart, from 20 px down: 20–320, 340–640, … 1620–1920. */
const tiles: Extent[] = Array.from({ length: 6 }, (_, i) => ({ top: 20 + i * 320, bottom: 320 + i * 320 }));
/** A view 800 px tall over 1940 px of content. */
const at = (scrollTop: number) => ({ scrollTop, height: 800, maxScrollTop: 1140 });

describe('paging a list', () => {
  it('brings the first tile cut off at the bottom to the top, until the end of the list', () => {
    // 20–800 shows tiles 1 and 2 whole; tile 3 (660–960) is cut off.
    expect(pageTarget('down', at(0), tiles, 20)).toBe(640);
    // 640–1440 shows tiles 3 and 4; tile 5 (1300–1600) is cut off, but the list ends before it
    // could reach the top: the last page shows tiles 5 and 6 whole.
    expect(pageTarget('down', at(640), tiles, 20)).toBe(1140);
    expect(pageTarget('down', at(1140), tiles, 20)).toBe(1140);
  });

  it('going up, brings the last tile cut off at the top to the bottom, until the start', () => {
    // 1140–1940 cuts tile 4 (980–1280) at the top: it ends 20 px above the bottom.
    expect(pageTarget('up', at(1140), tiles, 20)).toBe(1280 + 20 - 800);
    expect(pageTarget('up', at(500), tiles, 20)).toBe(0);
    expect(pageTarget('up', at(0), tiles, 20)).toBe(0);
  });

  it('moves by most of a view when a tile is taller than the view, or there is none', () => {
    const tall = [{ top: 0, bottom: 2000 }];
    expect(pageTarget('down', at(0), tall, 20)).toBe(640);
    expect(pageTarget('down', at(0), [], 20)).toBe(640);
    expect(pageTarget('up', at(1000), tall, 20)).toBe(360);
  });
});
