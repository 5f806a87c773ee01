import { describe, expect, it } from 'vitest';
import { translate, valuesFor } from './placeholders.ts';

describe('placeholders for PostgreSQL', () => {
  it('numbers ? in order', () => {
    const t = translate('SELECT * FROM t WHERE a = ? AND b IN (?, ?)');
    expect(t.text).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)');
    expect(valuesFor(t, [1, 'x', null])).toEqual([1, 'x', null]);
  });

  it('gives each @name one number, however often it is used', () => {
    const t = translate('UPDATE t SET a = @a, at = @now WHERE at < @now AND b = @b_2');
    expect(t.text).toBe('UPDATE t SET a = $1, at = $2 WHERE at < $2 AND b = $3');
    expect(valuesFor(t, { b_2: 'b', now: 5, a: 'a', unused: 0 })).toEqual(['a', 5, 'b']);
    expect(() => valuesFor(t, { a: 1, now: 2 })).toThrow('no value for @b_2');
  });

  it('leaves quoted text, quoted names, dollar-quoted text and comments alone', () => {
    const sql = [
      `SELECT 'it''s ? @x', "odd?name", $$ ? @y $$, $fn$ a ? $fn$ -- ? @z`,
      `/* ? @w */ FROM t WHERE a = ? AND b = '@' AND c = ?`,
    ].join('\n');
    expect(translate(sql).text).toBe(
      [
        `SELECT 'it''s ? @x', "odd?name", $$ ? @y $$, $fn$ a ? $fn$ -- ? @z`,
        `/* ? @w */ FROM t WHERE a = $1 AND b = '@' AND c = $2`,
      ].join('\n'),
    );
  });

  it('leaves statements without placeholders, and casts, as they are', () => {
    expect(translate("SELECT x::text, 'a@b.c' FROM t").text).toBe("SELECT x::text, 'a@b.c' FROM t");
    expect(valuesFor(translate('SELECT 1'), undefined)).toEqual([]);
  });

  it('refuses a statement that mixes ? and @name', () => {
    expect(() => translate('SELECT ? + @a')).toThrow('mixes ? and @name');
  });
});
