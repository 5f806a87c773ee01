/** D1: the height of a capital or a digit is at least 12 mm per metre of viewing distance. */
export const MM_PER_METRE = 12;

/**
 * Height of a capital letter or digit as a share of the font size. The display's fonts
 * (DejaVu Sans, Liberation Sans, Noto Sans, Arial) measure 0.70–0.73; the smaller value keeps
 * the computed size on the safe side.
 */
export const CAP_HEIGHT_RATIO = 0.7;

/** Millimetres per CSS pixel of a screen that the page fills (a TV in kiosk mode). */
export function mmPerPixel(screenInches: number, widthPx: number, heightPx: number): number {
  return (screenInches * 25.4) / Math.hypot(widthPx, heightPx);
}

/** The smallest character height in millimetres for a viewing distance. */
export const minCharacterMm = (viewingDistanceM: number): number => viewingDistanceM * MM_PER_METRE;

/**
 * The CSS font size (px) whose capitals and digits are at least D1's height on this screen,
 * for this viewing distance.
 */
export function d1FontPx(
  settings: { viewingDistanceM: number; screenInches: number },
  viewport: { width: number; height: number },
): number {
  const capPx =
    minCharacterMm(settings.viewingDistanceM) /
    mmPerPixel(settings.screenInches, viewport.width, viewport.height);
  return Math.ceil(capPx / CAP_HEIGHT_RATIO);
}

/** Physical height in millimetres of a measured glyph height in CSS pixels. */
export function glyphMm(
  glyphPx: number,
  screenInches: number,
  viewport: { width: number; height: number },
): number {
  return glyphPx * mmPerPixel(screenInches, viewport.width, viewport.height);
}
