import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * Vitest global setup: builds what `npm start` would build first (the server, and an app older
 * than its sources), once before any test runs, so that the tests that start the server as
 * `npm start` does run the current sources and time the start alone.
 */
export default function buildForStart(): void {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), '--build-only'], {
    cwd: ROOT,
    stdio: 'ignore',
  });
}
