import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UNIT = path.join(ROOT, 'deploy', 'numerek.service');
const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const HAVE_ANALYZE = analyze.status === 0;
const NO_ANALYZE =
  'systemd-analyze is not installed here (Debian: apt-get install systemd), so the unit is not verified';

/** The systemd unit of the install guide (docs/operations/install.md) is one systemd accepts. */
describe('deploy/numerek.service', () => {
  it('passes systemd-analyze verify', (ctx) => {
    if (!HAVE_ANALYZE) {
      process.stdout.write(`tests/packaging/systemd-unit.test.ts: ${NO_ANALYZE}\n`);
      ctx.skip(NO_ANALYZE);
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-unit-'));
    try {
      const file = path.join(dir, 'numerek.service');
      copyFileSync(UNIT, file);
      // The unit names Debian's /usr/bin/node; where Node.js lives elsewhere, check with this one.
      if (!existsSync('/usr/bin/node'))
        writeFileSync(file, readFileSync(file, 'utf8').replaceAll('/usr/bin/node', process.execPath));
      const run = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`.split('\n').filter((l) => l.includes('numerek.service'))).toEqual(
        [],
      );
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the compiled server with plain Node.js over /var/lib/numerek, and stops it with SIGTERM', () => {
    const unit = readFileSync(UNIT, 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/numerek\/server\/dist\/main\.js$/m);
    expect(unit).toMatch(/^Environment=DATA_DIR=\/var\/lib\/numerek$/m);
    expect(unit).toMatch(/^StateDirectory=numerek$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^Restart=always$/m);
  });
});
