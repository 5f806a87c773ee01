// `npm start`: runs the built server with plain Node.js. The server (scripts/build-server.mjs)
// and each browser app (Vite) are built first only when their build is missing or older than
// their sources, so a fresh clone needs nothing but `npm install && npm start`, and every later
// start goes straight to the server. `--build-only` builds what is out of date and exits.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(ROOT, ...parts);

/** The newest modification time (ms) of the files at these paths, folders searched whole. */
function newest(paths) {
  let latest = 0;
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      latest = Math.max(latest, newest(readdirSync(p).map((name) => path.join(p, name))));
    } else latest = Math.max(latest, stat.mtimeMs);
  }
  return latest;
}

const mtime = (file) => (existsSync(file) ? statSync(file).mtimeMs : -1);

/** What each build is made from, and the file whose time says when it was last built. */
export const BUILDS = [
  {
    name: 'server',
    stamp: at('server', 'dist', '.built'),
    sources: [
      ...['server', 'shared', 'hardware'].flatMap((p) => [at(p, 'src'), at(p, 'package.json')]),
      at('scripts', 'build-server.mjs'),
    ],
    command: [process.execPath, [at('scripts', 'build-server.mjs')]],
  },
  ...['kiosk', 'display', 'counter'].map((app) => ({
    name: app,
    stamp: at(app, 'dist', 'index.html'),
    sources: [
      at(app, 'src'),
      at(app, 'index.html'),
      at(app, 'ticket.html'),
      at(app, 'vite.config.ts'),
      at(app, 'package.json'),
      at('shared', 'src'),
    ],
    command: ['npm', ['run', 'build', `--workspace=@numerek/${app}`]],
  })),
];

/** The builds that are missing or older than a file they are made from. */
export function staleBuilds() {
  return BUILDS.filter((b) => mtime(b.stamp) < newest(b.sources));
}

function buildWhatIsStale() {
  for (const b of staleBuilds()) {
    process.stdout.write(`Building ${b.name} (missing or older than its sources)…\n`);
    const [command, args] = b.command;
    const run = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
    if (run.status !== 0) {
      process.stderr.write(`Building ${b.name} failed; Numerek was not started.\n`);
      process.exit(1);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  buildWhatIsStale();
  if (!process.argv.includes('--build-only')) {
    await import(pathToFileURL(at('server', 'dist', 'main.js')).href);
  }
}
