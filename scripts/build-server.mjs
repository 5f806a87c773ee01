// `npm run build:server`: compiles the server and the workspace packages it runs on (shared,
// hardware) from TypeScript to plain JavaScript, file by file, into each package's dist/ (the
// same layout as src/), so that `node server/dist/main.js` runs without a TypeScript loader.
// Types are not checked here (`npm run typecheck` does that); esbuild only strips them, as tsx
// does in development, so both run the same code.
//
// Imports of other workspace packages (`@numerek/shared/constants`) point at their TypeScript
// sources through package.json `exports`; in the output they become relative imports of the
// compiled files (`../../shared/dist/constants.js`). Files that are not TypeScript (migrations,
// the PDF worker) are copied as they are.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The packages the server runs on, by name, with their folder. */
const PACKAGES = {
  '@numerek/shared': 'shared',
  '@numerek/hardware': 'hardware',
  '@numerek/server': 'server',
};
/** Written last: its presence says the build is complete (scripts/start.mjs reads its time). */
export const SERVER_STAMP = path.join(ROOT, 'server', 'dist', '.built');
/**
 * Dependencies bundled into server/dist/vendor/ instead of loaded from node_modules file by file:
 * TypeBox is some 700 small modules, and Ajv with the compilers Fastify uses several hundred
 * more; resolving, reading and linking them one by one took about half of the server's start-up.
 * Each entry is an import path the sources use; what entries share goes into chunks, so each
 * module of a package exists once.
 */
const VENDORED = [
  'typebox',
  'typebox/compile',
  'typebox/value',
  '@fastify/ajv-compiler',
  '@fastify/fast-json-stringify-compiler',
  'fastify',
  '@fastify/cookie',
  '@fastify/rate-limit',
  '@fastify/swagger',
  '@fastify/static',
  'proxy-addr',
  'socket.io',
];
const VENDOR_DIR = path.join(ROOT, 'server', 'dist', 'vendor');
const vendorFile = (specifier) => path.join(VENDOR_DIR, `${specifier.replaceAll('/', '-')}.js`);

const isTest = (file) =>
  /\.test\.ts$/.test(file) || file.includes(`${path.sep}__golden__${path.sep}`) || file.endsWith('.d.ts');

function filesUnder(dir, skip) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip.includes(full)) out.push(...filesUnder(full, skip));
    } else if (!isTest(full)) out.push(full);
  }
  return out;
}

/** `<pkg>/src/x.ts` → `<pkg>/dist/x.js` (and `.js` files stay `.js`). */
function outputOf(source) {
  const [pkg, src, ...rest] = path.relative(ROOT, source).split(path.sep);
  if (src !== 'src') throw new Error(`${source} is not in a package's src/`);
  return path.join(ROOT, pkg, 'dist', ...rest).replace(/\.ts$/, '.js');
}

/** The compiled file an import of a workspace package (`@numerek/shared/constants`) names. */
function workspaceTarget(specifier) {
  const name = Object.keys(PACKAGES).find((n) => specifier === n || specifier.startsWith(`${n}/`));
  if (!name) return null;
  const dir = path.join(ROOT, PACKAGES[name]);
  const { exports } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const subpath = `.${specifier.slice(name.length)}`;
  const target = typeof exports === 'string' ? (subpath === '.' ? exports : undefined) : exports[subpath];
  if (typeof target !== 'string') throw new Error(`${name} exports no ${subpath}`);
  return outputOf(path.join(dir, target));
}

const relative = (fromFile, toFile) => {
  const rel = path.relative(path.dirname(fromFile), toFile).split(path.sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
};

/** Leaves every import to Node.js at run time, rewritten to name the compiled file. */
const keepImportsApart = {
  name: 'keep-imports-apart',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (args.path.startsWith('.')) {
        return { path: args.path.replace(/\.ts$/, '.js'), external: true };
      }
      const target = VENDORED.includes(args.path) ? vendorFile(args.path) : workspaceTarget(args.path);
      if (target) return { path: relative(outputOf(args.importer), target), external: true };
      return { path: args.path, external: true };
    });
  },
};

/**
 * One entry per vendored import path, exporting the names Node.js itself finds in it (for a
 * CommonJS package, what its loader detects), so that the sources' imports work unchanged.
 */
async function buildVendor() {
  const entries = path.join(ROOT, 'server', 'dist', 'vendor-entries');
  mkdirSync(entries, { recursive: true });
  const entryPoints = [];
  for (const specifier of VENDORED) {
    // The names an ES module importing it from the server sees (for socket.io, its ESM wrapper's).
    const probe = path.join(entries, `probe-${entryPoints.length}.mjs`);
    writeFileSync(probe, `import * as ns from '${specifier}';\nexport default Object.keys(ns);\n`);
    const names = (await import(pathToFileURL(probe).href)).default;
    const file = path.join(entries, `${specifier.replaceAll('/', '-')}.mjs`);
    writeFileSync(file, `export { ${names.join(', ')} } from '${specifier}';\n`);
    entryPoints.push(file);
  }
  await build({
    entryPoints,
    outdir: VENDOR_DIR,
    bundle: true,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    nodePaths: [path.join(ROOT, 'server', 'node_modules'), path.join(ROOT, 'node_modules')],
    // Smaller sources: Node.js keeps every module's source text in memory.
    minifyWhitespace: true,
    minifySyntax: true,
    // CommonJS code in an ES module bundle requires Node's own modules through this.
    banner: {
      js: "import { createRequire as __vendorRequire } from 'node:module'; const require = __vendorRequire(import.meta.url);",
    },
    external: ['bufferutil', 'utf-8-validate', 'pino-pretty'],
    logLevel: 'warning',
  });
  rmSync(entries, { recursive: true, force: true });
}

export async function buildServer() {
  const started = Date.now();
  const sources = [];
  for (const dir of new Set(Object.values(PACKAGES))) {
    rmSync(path.join(ROOT, dir, 'dist'), { recursive: true, force: true });
    // The test helpers ship with the source, not with the build.
    sources.push(...filesUnder(path.join(ROOT, dir, 'src'), [path.join(ROOT, dir, 'src', 'testing')]));
  }
  const typescript = sources.filter((f) => f.endsWith('.ts'));
  for (const file of sources.filter((f) => !f.endsWith('.ts'))) {
    mkdirSync(path.dirname(outputOf(file)), { recursive: true });
    cpSync(file, outputOf(file));
  }
  // One build per package, so each file's output lands beside its package's others.
  for (const dir of new Set(Object.values(PACKAGES))) {
    const entryPoints = typescript.filter((f) => f.startsWith(path.join(ROOT, dir, 'src') + path.sep));
    await build({
      entryPoints,
      outbase: path.join(ROOT, dir, 'src'),
      outdir: path.join(ROOT, dir, 'dist'),
      bundle: true,
      plugins: [keepImportsApart],
      platform: 'node',
      format: 'esm',
      target: 'node20',
      tsconfig: path.join(ROOT, dir, 'tsconfig.json'),
      logLevel: 'warning',
    });
  }
  await buildVendor();
  writeFileSync(SERVER_STAMP, `${new Date().toISOString()}\n`);
  return { files: sources.length, ms: Date.now() - started };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { files, ms } = await buildServer();
  process.stdout.write(
    `server built: ${files} files into server/, shared/ and hardware/ dist/ in ${ms} ms\n`,
  );
}
