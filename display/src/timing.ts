// When the display does what its first screen does not need.

/**
 * Runs `work` once the page is idle (at most `maxMs` later): for what the first screen does not
 * need, so it never delays the calls appearing on a slow TV stick.
 */
export function whenIdle(work: () => void, maxMs = 2000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(work, { timeout: maxMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(work, Math.min(maxMs, 500));
  return () => clearTimeout(id);
}

/** Runs `work` once the browser has painted what the page just changed. */
export function afterPaint(work: () => void): void {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(work, 0));
  else setTimeout(work, 0);
}
