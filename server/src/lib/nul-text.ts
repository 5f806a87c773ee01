/**
 * Where a value holds a text with a NUL character (U+0000), as a JSON pointer ('' for the value
 * itself), or null when it holds none. PostgreSQL cannot store NUL in a text column and refuses
 * the statement; SQLite would keep it. No name, note or address an office types has one, so the
 * server refuses it with the input's other faults, on both engines alike.
 */
export function nulTextAt(value: unknown, at = ''): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? at : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${at}/${key}`;
    const found = nulTextAt(inner, `${at}/${key}`);
    if (found !== null) return found;
  }
  return null;
}
