/**
 * Where a value holds a text with a NUL character (U+0000), as a JSON pointer ('' for the value
 * itself), or null when it holds none. PostgreSQL cannot store NUL in a text column and refuses
 * the statement; SQLite would keep it. No name, note or address an office types has one, so the
 * server refuses it with the input's other faults, on both engines alike.
 *
 * Walked with a stack of its own, not by recursion: a body nested thousands deep is valid JSON
 * and must get its 400, not exhaust the call stack.
 */
export function nulTextAt(value: unknown): string | null {
  const stack: Array<{ value: unknown; at: string }> = [{ value, at: '' }];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value: here, at } = next;
    if (typeof here === 'string') {
      if (here.includes('\u0000')) return at;
      continue;
    }
    if (typeof here !== 'object' || here === null) continue;
    const entries = Object.entries(here);
    // Pushed last first, so the first field is looked at first.
    for (let i = entries.length - 1; i >= 0; i -= 1) {
      const [key, inner] = entries[i] as [string, unknown];
      if (key.includes('\u0000')) return `${at}/${key}`;
      stack.push({ value: inner, at: `${at}/${key}` });
    }
  }
  return null;
}
