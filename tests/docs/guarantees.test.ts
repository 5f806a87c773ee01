import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * docs/guarantees.md backs every promise with a named test, written `file › test name` (with
 * `describe` names before it when they help). This keeps the page honest: a renamed or deleted
 * test fails here until the page is mended.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const page = readFileSync(path.join(ROOT, 'docs/guarantees.md'), 'utf8');

interface Reference {
  file: string;
  names: string[];
}

/** Every `path/x.test.ts › a › b` in code spans; in the printer table the file heads the column. */
function references(): Reference[] {
  const out: Reference[] = [];
  for (const [, span] of page.matchAll(/`([^`]+)`/g)) {
    const m = /^([\w./-]+\.test\.ts)(?: › (.+))?$/.exec(span ?? '');
    if (m?.[1]) out.push({ file: m[1], names: m[2] ? m[2].split(' › ') : [] });
  }
  const table = /`(tests\/[\w./-]+\.test\.ts) › …`/.exec(page)?.[1];
  if (table) {
    for (const line of page.split('\n').filter((l) => l.startsWith('| ') && l.includes('`'))) {
      const cell = line.split('|').at(-2) ?? '';
      for (const [, name] of cell.matchAll(/`([^`]+)`/g)) {
        if (name && !name.includes('.test.ts')) out.push({ file: table, names: [name] });
      }
    }
  }
  return out;
}

/** The titles of `describe` and `it` in a test file: literal strings, and templates as patterns. */
function titles(source: string): Array<(name: string) => boolean> {
  const out: Array<(name: string) => boolean> = [];
  for (const [, , quoted] of source.matchAll(
    /\b(?:describe|it)(?:\.\w+)?\(\s*(['"`])((?:\\.|(?!\1).)*)\1/gs,
  )) {
    if (quoted === undefined) continue;
    const text = quoted.replace(/\\(['"`\\])/g, '$1');
    if (!text.includes('${')) {
      out.push(
        (name) => text === name || (name.endsWith('…') && text.startsWith(name.slice(0, -1).trimEnd())),
      );
      continue;
    }
    const pattern = text
      .split(/\$\{[^}]*\}/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.+');
    const re = new RegExp(`^${pattern}$`, 's');
    out.push((name) => re.test(name) || (name.endsWith('…') && re.test(`${name.slice(0, -1)}x`)));
  }
  return out;
}

describe('docs/guarantees.md', () => {
  const refs = references();

  it('cites tests for its promises', () => {
    expect(refs.length).toBeGreaterThan(40);
  });

  it.each(refs.map((r) => [`${r.file} › ${r.names.join(' › ')}`, r] as const))('%s exists', (_, ref) => {
    const file = path.join(ROOT, ref.file);
    expect(existsSync(file), `${ref.file} is missing`).toBe(true);
    const known = titles(readFileSync(file, 'utf8'));
    for (const name of ref.names.filter((n) => n !== '…' && n !== '')) {
      const alternatives = name.includes('|') ? name.split('|') : [name];
      expect(
        alternatives.some((a) => known.some((matches) => matches(a))),
        `${ref.file} has no test or describe named "${name}"`,
      ).toBe(true);
    }
  });
});
