import { describe, expect, it } from 'vitest';
import { CAP_HEIGHT_RATIO, d1FontPx, minCharacterMm, mmPerPixel } from './sizing.ts';

describe('D1 sizing', () => {
  it('gives ≥ 12 mm per metre of viewing distance on the screen described', () => {
    for (const [inches, width, height, distance] of [
      [55, 1920, 1080, 8],
      [65, 3840, 2160, 12],
      [43, 1920, 1080, 5],
    ] as const) {
      const px = d1FontPx({ screenInches: inches, viewingDistanceM: distance }, { width, height });
      const capMm = px * CAP_HEIGHT_RATIO * mmPerPixel(inches, width, height);
      expect(capMm).toBeGreaterThanOrEqual(minCharacterMm(distance));
      expect(capMm).toBeLessThan(minCharacterMm(distance) * 1.02);
    }
    expect(minCharacterMm(10)).toBe(120);
  });
});
