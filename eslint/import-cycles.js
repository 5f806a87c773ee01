import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * `numerek/no-import-cycle`: a file may not import (by any chain of imports) a file that imports
 * it back. Every import counts, `import type` too: a circle of types still ties two files together
 * so that neither can be read, moved or tested alone.
 *
 * The graph is read from the files on disk (each file once per run, again when it changes) and
 * resolves relative paths and the workspace packages (`@numerek/shared/events` through its
 * package.json `exports`); other packages are outside the graph.
 */

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const EXTENSIONS = ['.ts', '.tsx', '.js', '.mjs'];

/** Workspace package name → { dir, exports } from the root package.json's workspaces. */
function readWorkspaces() {
  const root = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const packages = new Map();
  for (const dir of root.workspaces ?? []) {
    const manifest = path.join(ROOT, dir, 'package.json');
    if (!fs.existsSync(manifest)) continue;
    const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
    packages.set(pkg.name, { dir: path.join(ROOT, dir), exports: pkg.exports ?? {} });
  }
  return packages;
}

let workspaces = null;

function asFile(candidate) {
  if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  for (const ext of EXTENSIONS) if (fs.existsSync(candidate + ext)) return candidate + ext;
  for (const ext of EXTENSIONS) {
    const index = path.join(candidate, `index${ext}`);
    if (fs.existsSync(index)) return index;
  }
  return null;
}

/** The file an import names, or null for a package outside the repository. */
export function resolveImport(specifier, fromFile) {
  if (specifier.startsWith('.')) return asFile(path.resolve(path.dirname(fromFile), specifier));
  workspaces ??= readWorkspaces();
  for (const [name, pkg] of workspaces) {
    if (specifier !== name && !specifier.startsWith(`${name}/`)) continue;
    const key = specifier === name ? '.' : `./${specifier.slice(name.length + 1)}`;
    const target = typeof pkg.exports === 'string' && key === '.' ? pkg.exports : pkg.exports[key];
    return typeof target === 'string' ? asFile(path.join(pkg.dir, target)) : null;
  }
  return null;
}

/** Imports of each file read so far, with the file's modification time. */
const graph = new Map();

function importsOf(file) {
  let mtime;
  try {
    mtime = fs.statSync(file).mtimeMs;
  } catch {
    return [];
  }
  const cached = graph.get(file);
  if (cached && cached.mtime === mtime) return cached.imports;
  const text = fs.readFileSync(file, 'utf8');
  const imports = ts
    .preProcessFile(text, true, true)
    .importedFiles.map((f) => resolveImport(f.fileName, file))
    .filter((f) => f !== null);
  graph.set(file, { mtime, imports });
  return imports;
}

/** The shortest chain of imports from `start` back to `goal`, or null. */
function chainBack(start, goal) {
  const parent = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift();
    for (const next of importsOf(file)) {
      if (next === goal) {
        const chain = [file];
        for (let f = parent.get(file); f; f = parent.get(f)) chain.unshift(f);
        return chain;
      }
      if (!parent.has(next)) {
        parent.set(next, file);
        queue.push(next);
      }
    }
  }
  return null;
}

const relative = (file) => path.relative(ROOT, file);

/** @type {import('eslint').Rule.RuleModule} */
export const noImportCycle = {
  meta: {
    type: 'problem',
    docs: { description: 'Forbid imports (type-only ones too) that lead back to the importing file.' },
    schema: [],
    messages: {
      cycle: 'Import circle: {{chain}}. Move what both files need into a third file that imports neither.',
    },
  },
  create(context) {
    const file = context.physicalFilename;
    if (!path.isAbsolute(file)) return {};
    const check = (node, source) => {
      if (!source || typeof source.value !== 'string') return;
      const target = resolveImport(source.value, file);
      if (!target || target === file) return;
      const chain = chainBack(target, file);
      if (chain) {
        context.report({
          node,
          messageId: 'cycle',
          data: { chain: [file, ...chain, file].map(relative).join(' → ') },
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source.type === 'Literal' ? node.source : null),
    };
  },
};

export default { meta: { name: 'numerek' }, rules: { 'no-import-cycle': noImportCycle } };
