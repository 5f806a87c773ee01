import { ESLint } from 'eslint';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * The repository's own lint configuration, run on small files: an import circle (through types
 * too) and socket.io outside the realtime gateway fail `npm run lint`.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const eslint = new ESLint({ cwd: ROOT });
// Files under the repository, so that its configuration applies to them; removed afterwards.
const dir = mkdtempSync(path.join(ROOT, 'tests/lint/fixture-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

async function problems(files: string[], rule: string): Promise<string[]> {
  const results = await eslint.lintFiles(files);
  return results.flatMap((r) =>
    r.messages.filter((m) => m.ruleId === rule).map((m) => `${path.basename(r.filePath)}: ${m.message}`),
  );
}

describe('npm run lint', () => {
  it('fails on an import circle, also one made of type-only imports, and names the chain', async () => {
    const a = write('a.ts', "import { b } from './b.ts';\nexport const a = (): number => b + 1;\n");
    const b = write('b.ts', "import type { C } from './c.ts';\nexport const b: C = 1;\n");
    const c = write('c.ts', "import type { a } from './a.ts';\nexport type C = ReturnType<typeof a>;\n");
    const found = await problems([a, b, c], 'numerek/no-import-cycle');
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^a\.ts: Import circle: .*a\.ts → .*b\.ts → .*c\.ts → .*a\.ts/);
  });

  it('passes imports that do not lead back, through the workspace packages too', async () => {
    const d = write(
      'd.ts',
      "import { PROTOCOL_VERSION } from '@numerek/shared/constants';\nexport const d = PROTOCOL_VERSION;\n",
    );
    const e = write('e.ts', "import { d } from './d.ts';\nexport const e = d;\n");
    expect(await problems([d, e], 'numerek/no-import-cycle')).toEqual([]);
  });

  it('fails on socket.io imported outside server/src/realtime/', async () => {
    const text = "import type { Socket } from 'socket.io';\nexport type S = Socket;\n";
    const outside = await eslint.lintText(text, { filePath: path.join(ROOT, 'server/src/modules/x.ts') });
    expect(outside[0]?.messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
    const inside = await eslint.lintText(text, { filePath: path.join(ROOT, 'server/src/realtime/x.ts') });
    expect(inside[0]?.messages.map((m) => m.ruleId)).not.toContain('no-restricted-imports');
  });
});
