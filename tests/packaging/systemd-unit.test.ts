import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const UNIT = path.join(ROOT, 'deploy', 'numerek.service');
const NODE_UNIT = path.join(ROOT, 'deploy', 'numerek-node@.service');
const analyze = spawnSync('systemd-analyze', ['--version'], { encoding: 'utf8' });
const HAVE_ANALYZE = analyze.status === 0;
const NO_ANALYZE =
  'systemd-analyze is not installed here (Debian: apt-get install systemd), so the unit is not verified';

/**
 * Runs `systemd-analyze verify` on a copy of `unit` named `name` (a template's instance, such as
 * numerek-node@a.service, is checked with its %i filled in) and expects no complaint about it.
 */
function verify(unit: string, name: string): void {
  const dir = mkdtempSync(path.join(tmpdir(), 'numerek-unit-'));
  try {
    const file = path.join(dir, name);
    copyFileSync(unit, file);
    // The unit names Debian's /usr/bin/node; where Node.js lives elsewhere, check with this one.
    if (!existsSync('/usr/bin/node'))
      writeFileSync(file, readFileSync(file, 'utf8').replaceAll('/usr/bin/node', process.execPath));
    const run = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    const stem = name.replace(/@.*$/, '@');
    expect(`${run.stdout}${run.stderr}`.split('\n').filter((l) => l.includes(stem))).toEqual([]);
    expect(run.status).toBe(0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The systemd unit of the install guide (docs/operations/install.md) is one systemd accepts. */
describe('deploy/numerek.service', () => {
  it('passes systemd-analyze verify', (ctx) => {
    if (!HAVE_ANALYZE) {
      process.stdout.write(`tests/packaging/systemd-unit.test.ts: ${NO_ANALYZE}\n`);
      ctx.skip(NO_ANALYZE);
    }
    verify(UNIT, 'numerek.service');
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

/** The template unit of a central installation's node (README, "Central installation"). */
describe('deploy/numerek-node@.service', () => {
  it('passes systemd-analyze verify as an instance, numerek-node@a.service', (ctx) => {
    if (!HAVE_ANALYZE) {
      process.stdout.write(`tests/packaging/systemd-unit.test.ts: ${NO_ANALYZE}\n`);
      ctx.skip(NO_ANALYZE);
    }
    verify(NODE_UNIT, 'numerek-node@a.service');
  });

  it('runs the compiled server on the shared settings, each node with its own state folder, restarted when it dies', () => {
    const unit = readFileSync(NODE_UNIT, 'utf8');
    expect(unit).toMatch(/^ExecStart=\/usr\/bin\/node \/opt\/numerek\/server\/dist\/main\.js$/m);
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/numerek\/central\.env$/m);
    expect(unit).toMatch(/^EnvironmentFile=-\/etc\/numerek\/node-%i\.env$/m);
    expect(unit).toMatch(/^Environment=DATA_DIR=\/var\/lib\/numerek\/%i$/m);
    expect(unit).toMatch(/^StateDirectory=numerek\/%i$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^Restart=always$/m);
  });
});
