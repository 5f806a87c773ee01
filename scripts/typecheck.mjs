// `npm run typecheck`: every workspace's `tsc -p tsconfig.json`, as many at once as the machine
// has processors (each is one single-threaded compiler), the largest first. A workspace's output
// is printed only when it fails; the exit code is 1 if any failed.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
/** Longest first, so that the last ones to start are the short ones. */
const LARGEST = ['tests', 'server', 'counter', 'kiosk', 'display'];

const workspaces = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))
  .workspaces.filter(
    (w) => JSON.parse(readFileSync(path.join(ROOT, w, 'package.json'), 'utf8')).scripts?.typecheck,
  )
  .sort((a, b) => rank(a) - rank(b));

function rank(w) {
  const i = LARGEST.indexOf(w);
  return i < 0 ? LARGEST.length : i;
}

function check(workspace) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: path.join(ROOT, workspace) });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (code === 0) console.log(`typecheck ${workspace}: ok (${seconds} s)`);
      else console.error(`typecheck ${workspace}: failed (${seconds} s)\n${output}`);
      resolve(code === 0);
    });
  });
}

const queue = [...workspaces];
let failed = 0;
await Promise.all(
  Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
    for (let w = queue.shift(); w; w = queue.shift()) if (!(await check(w))) failed++;
  }),
);
process.exit(failed ? 1 : 0);
