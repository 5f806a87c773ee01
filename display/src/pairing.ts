const KEY = 'numerek.display.token';

/**
 * Reads the pairing link's `#pair=<token>`, keeps the token in localStorage and removes it from
 * the address bar (so it is neither bookmarked nor shown). Returns the stored token, if any.
 */
export function pairedToken(
  loc: Location = window.location,
  storage: Storage = window.localStorage,
): string | null {
  const m = /(?:^#|&)pair=([^&]+)/.exec(loc.hash);
  if (m?.[1]) {
    storage.setItem(KEY, decodeURIComponent(m[1]));
    window.history.replaceState(null, '', `${loc.pathname}${loc.search}`);
  }
  return storage.getItem(KEY);
}
