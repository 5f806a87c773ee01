import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/**
 * Vitest global setup: builds each browser app once before any test runs, when its build is
 * missing or older than its sources, so browser tests never race each other rebuilding `dist/`.
 */
export default function buildApps(): void {
  // For a quick run while an app is being edited: SKIP_APP_BUILD=1 uses whatever is built.
  if (process.env.SKIP_APP_BUILD === '1') return;
  for (const app of ['kiosk', 'display', 'counter']) {
    const dist = path.join(ROOT, app, 'dist');
    const fresh =
      existsSync(path.join(dist, 'index.html')) && newest(dist) >= newest(path.join(ROOT, app, 'src'));
    if (!fresh)
      execFileSync('npm', ['run', 'build', `--workspace=@numerek/${app}`], { cwd: ROOT, stdio: 'ignore' });
  }
}
