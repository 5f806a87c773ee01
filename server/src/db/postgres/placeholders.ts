import type { SqlParams } from '../sql.ts';

interface Translated {
  text: string;
  /** For `@name` statements: the names in `$n` order; null for `?` statements. */
  names: string[] | null;
  /**
   * The name the statement is prepared under on each connection (parsed and planned once per
   * connection, not on every run); null past the first MAX_NAMED distinct statements.
   */
  name: string | null;
}

/** Distinct statements prepared by name; any beyond (unusual dynamic SQL) are parsed each time. */
const MAX_NAMED = 2000;

const cache = new Map<string, Translated>();

/** The tag opening a dollar-quoted string at `i` (`$$` or `$name$`), or null. */
function dollarTag(sql: string, i: number): string | null {
  if (/[A-Za-z0-9_]/.test(sql[i - 1] ?? '')) return null;
  return /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 64))?.[0] ?? null;
}

/**
 * Turns the shared SQL's placeholders (`?` in order, or `@name`) into PostgreSQL's `$1, $2…`,
 * leaving quoted text, quoted names, dollar-quoted text and comments alone. A name used twice gets
 * one number.
 */
export function translate(sql: string): Translated {
  const hit = cache.get(sql);
  if (hit) return hit;
  let text = '';
  let positional = 0;
  const names: string[] = [];
  let usesNames = false;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i] as string;
    if (c === "'" || c === '"') {
      const end = sql.indexOf(c, i + 1);
      const stop = end < 0 ? sql.length : end + 1;
      text += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      const stop = end < 0 ? sql.length : end;
      text += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      text += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '$' && dollarTag(sql, i)) {
      const tag = dollarTag(sql, i) as string;
      const end = sql.indexOf(tag, i + tag.length);
      const stop = end < 0 ? sql.length : end + tag.length;
      text += sql.slice(i, stop);
      i = stop - 1;
    } else if (c === '?') {
      text += `$${++positional}`;
    } else if (c === '@' && /[A-Za-z_]/.test(sql[i + 1] ?? '')) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1))?.[0] ?? '';
      usesNames = true;
      let n = names.indexOf(name);
      if (n < 0) n = names.push(name) - 1;
      text += `$${n + 1}`;
      i += name.length;
    } else {
      text += c;
    }
  }
  if (usesNames && positional) throw new Error(`a statement mixes ? and @name: ${sql}`);
  const out = {
    text,
    names: usesNames ? names : null,
    name: cache.size < MAX_NAMED ? `n${cache.size}` : null,
  };
  cache.set(sql, out);
  return out;
}

/** The values in `$n` order for a translated statement. */
export function valuesFor(t: Translated, params: SqlParams | undefined): unknown[] {
  if (params === undefined) return [];
  if (t.names) {
    const named = params as Readonly<Record<string, unknown>>;
    return t.names.map((n) => {
      if (!(n in named)) throw new Error(`no value for @${n}`);
      return named[n];
    });
  }
  return Array.isArray(params) ? [...(params as readonly unknown[])] : [];
}
