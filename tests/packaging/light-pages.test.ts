import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SHARED = path.join(ROOT, 'shared');

/** Each import statement of a file: what it imports, and from where. */
function imports(file: string): { clause: string; from: string }[] {
  const text = readFileSync(file, 'utf8');
  const found: { clause: string; from: string }[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+([^;]*?)\s*from\s+'([^']+)'/gms)) {
    found.push({ clause: m[1] ?? '', from: m[2] ?? '' });
  }
  for (const m of text.matchAll(/^import\s+'([^']+)'/gm)) found.push({ clause: '', from: m[1] ?? '' });
  return found;
}

/** Whether an import brings in values at run time, not only types (which the build erases). */
function bringsValues(clause: string): boolean {
  if (/^type\s/.test(clause)) return false;
  const braces = /^\{([^}]*)\}$/.exec(clause.trim());
  if (!braces) return true;
  return (braces[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .some((s) => s !== '' && !s.startsWith('type '));
}

function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}

describe('the browser pages bundle no schema validator (typebox stays on the server)', () => {
  const exports = (
    JSON.parse(readFileSync(path.join(SHARED, 'package.json'), 'utf8')) as {
      exports: Record<string, string>;
    }
  ).exports;
  const light = Object.keys(exports).filter((k) => k !== '.');

  it('each light subpath of the protocol package reaches neither typebox nor the schemas at run time', () => {
    for (const subpath of light) {
      const seen = new Set<string>();
      const visit = (file: string) => {
        if (seen.has(file)) return;
        seen.add(file);
        for (const { clause, from } of imports(file)) {
          if (!bringsValues(clause)) continue;
          expect(from, `${subpath}: ${path.relative(ROOT, file)}`).not.toMatch(/^typebox|\/schemas\//);
          if (from.startsWith('.')) visit(path.resolve(path.dirname(file), from));
        }
      };
      visit(path.join(SHARED, exports[subpath] ?? ''));
    }
  });

  it('the kiosk, the display and the staff apps take values from the light subpaths only', () => {
    const offending: string[] = [];
    for (const app of ['kiosk', 'display', 'counter']) {
      for (const file of sources(path.join(ROOT, app, 'src'))) {
        for (const { clause, from } of imports(file)) {
          if (from === '@numerek/shared' && bringsValues(clause)) offending.push(path.relative(ROOT, file));
          if (from.startsWith('@numerek/shared/'))
            expect(light, path.relative(ROOT, file)).toContain(`./${from.slice('@numerek/shared/'.length)}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });
});
