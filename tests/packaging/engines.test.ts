import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) =>
  JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

interface LockEntry {
  version?: string;
  dev?: boolean;
  engines?: { node?: string };
  link?: boolean;
}

/**
 * What ships is what `npm ci --omit=dev` installs: every package the lock file does not mark as
 * for development only. Each must declare that it runs on the oldest Node.js Numerek claims.
 */
describe('what ships runs on the Node.js versions Numerek claims', () => {
  const claimed = (read('package.json').engines as { node: string }).node;
  /** The oldest release of each Node.js line Numerek claims: 20.19.0 and 22.12.0. */
  const oldest = ['20.19.0', '22.12.0'];
  const lock = read('package-lock.json') as { packages: Record<string, LockEntry> };
  const shipped = Object.entries(lock.packages).filter(
    ([name, entry]) => name.includes('node_modules/') && !entry.dev && !entry.link,
  );

  it('claims Node.js 20 from 20.19 and Node.js 22 from 22.12, and the version this suite runs on', () => {
    expect(semver.minVersion(claimed)?.version).toBe('20.19.0');
    for (const version of oldest) expect(semver.satisfies(version, claimed), version).toBe(true);
    for (const version of ['20.18.0', '21.7.0', '22.11.0', '24.0.0'])
      expect(semver.satisfies(version, claimed), version).toBe(false);
    expect(semver.satisfies(process.versions.node, claimed)).toBe(true);
  });

  it('ships no package whose engines leave out the oldest claimed Node.js of either line', () => {
    expect(shipped.length).toBeGreaterThan(50);
    const refusing = shipped.flatMap(([name, e]) =>
      oldest
        .filter((v) => e.engines?.node && !semver.satisfies(v, e.engines.node, { includePrerelease: true }))
        .map(
          (v) =>
            `${name.slice(name.lastIndexOf('node_modules/') + 13)}@${e.version} wants node ${e.engines?.node}, not ${v}`,
        ),
    );
    expect(refusing).toEqual([]);
  });

  it('keeps the tools only tests use out of a production install', () => {
    const testOnly = ['autocannon', 'playwright-core', 'axe-core', 'fast-check', 'vitest', 'undici'];
    const shippedNames = new Set(shipped.map(([name]) => name.slice(name.lastIndexOf('node_modules/') + 13)));
    expect(testOnly.filter((p) => shippedNames.has(p))).toEqual([]);
    for (const workspace of ['server', 'hardware', 'shared', 'kiosk', 'display', 'counter', 'tests']) {
      const deps = Object.keys((read(`${workspace}/package.json`).dependencies as object | undefined) ?? {});
      expect(
        deps.filter((d) => testOnly.includes(d)),
        workspace,
      ).toEqual([]);
    }
  });
});
