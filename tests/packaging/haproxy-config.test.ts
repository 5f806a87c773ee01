import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HAPROXY, haproxyEnv, NO_HAPROXY } from '../cluster/support/haproxy.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONFIG = path.join(ROOT, 'deploy', 'haproxy.cfg');
const NO_CHECK = `${NO_HAPROXY}, so its configuration is not checked`;

/** The proxy configuration of a central installation (README, "Central installation"). */
describe('deploy/haproxy.cfg', () => {
  it('is one HAProxy accepts with the three nodes’ addresses from the environment', (ctx) => {
    if (!HAPROXY) {
      if (process.env.CI === 'true') throw new Error(`CI needs haproxy: ${NO_HAPROXY}`);
      process.stdout.write(`tests/packaging/haproxy-config.test.ts: ${NO_CHECK}\n`);
      ctx.skip(NO_CHECK);
    }
    const run = spawnSync(HAPROXY ?? 'haproxy', ['-c', '-f', CONFIG], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        ...haproxyEnv('127.0.0.1:18080', ['127.0.0.1:13001', '127.0.0.1:13002', '127.0.0.1:13003']),
      },
    });
    expect(`${run.stdout}${run.stderr}`).toContain('Configuration file is valid');
    expect(run.status).toBe(0);
  });

  it('checks readiness on /api/ready, passes WebSockets and keeps no client on one node', () => {
    const cfg = readFileSync(CONFIG, 'utf8');
    expect(cfg).toMatch(/^\s*http-check send meth GET uri \/api\/ready$/m);
    expect(cfg).toMatch(/^\s*http-check expect status 200$/m);
    expect(cfg).toMatch(/^\s*timeout tunnel \S+$/m);
    // No stickiness: no cookie insertion, no stick tables, no source hashing.
    expect(cfg).not.toMatch(/^\s*(cookie|stick|stick-table|balance source|hash-type)\b/m);
    for (const node of ['A', 'B', 'C'])
      expect(cfg).toMatch(new RegExp(`^\\s*server \\w+ "\\$\\{NUMEREK_NODE_${node}\\}"`, 'm'));
  });

  it('takes a node down at its first refused connection without closing its sessions, so that the request that met it is retried, not cut off', () => {
    const cfg = readFileSync(CONFIG, 'utf8');
    // HAProxy marks a node down before it retries the failed connection; with the node's
    // sessions shut down on the way, that request itself would be closed unanswered.
    expect(cfg).toMatch(/^\s*default-server\b[^\n#]*\bobserve layer4\b[^\n#]*\bon-error mark-down\b/m);
    expect(cfg).not.toMatch(/^\s*[^#\n]*\bshutdown-sessions\b/m);
    expect(cfg).toMatch(/^\s*retry-on conn-failure$/m);
    expect(cfg).toMatch(/^\s*option redispatch\b/m);
  });

  it('sends requests to the nodes in turn, a node that is back ramping up, and sockets to the node with the fewest', () => {
    const cfg = readFileSync(CONFIG, 'utf8');
    const backend = (name: string) => cfg.split(/^backend /m).find((b) => b.startsWith(`${name}\n`)) ?? '';
    // Counting connections would send every request to a node just back, which holds no screens.
    expect(backend('numerek_nodes')).toMatch(/^\s*balance roundrobin$/m);
    expect(cfg).toMatch(/^\s*default-server\b[^\n#]*\bslowstart \d+s\b/m);
    expect(cfg).toMatch(/^\s*use_backend numerek_sockets if \{ path_beg \/socket\.io\/ \}$/m);
    expect(backend('numerek_sockets')).toMatch(/^\s*balance leastconn$/m);
    for (const node of ['a', 'b', 'c'])
      expect(backend('numerek_sockets')).toMatch(
        new RegExp(`^\\s*server ${node} \\S+ track numerek_nodes/${node}$`, 'm'),
      );
  });
});
