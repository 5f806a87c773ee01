// A smoke test of an installed checkout on whichever Node.js runs it: `npm start` (which builds
// what is missing), the sample office's first start, a kiosk issuing a ticket and a clerk calling
// it. CI runs it on Node.js 22 beside the full suite on Node.js 20. Exits 0 when all of it worked.
//
//   node scripts/smoke.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ADMIN_PASSWORD = 'smoke-admin-password';
const STARTED_WITHIN_MS = 10 * 60_000; // a fresh checkout builds the server and the apps first

const freePort = () =>
  new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });

const step = (text) => process.stdout.write(`smoke (node ${process.version}): ${text}\n`);

const dataDir = mkdtempSync(path.join(tmpdir(), 'numerek-smoke-'));
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
let output = '';
const server = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs')], {
  cwd: ROOT,
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    ADMIN_PASSWORD,
    SEED: 'sample',
    LOG_LEVEL: 'warn',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
server.stdout.setEncoding('utf8').on('data', (s) => (output += s));
server.stderr.setEncoding('utf8').on('data', (s) => (output += s));
const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));

async function call(method, url, { body, cookie, token } = {}) {
  const headers = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (cookie) headers.cookie = cookie;
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}${url}`, {
    method,
    headers,
    signal: AbortSignal.timeout(15_000),
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

function expectStatus(what, res, status) {
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

async function signIn(username, password) {
  const res = await call('POST', '/api/auth/login', { body: { username, password } });
  const body = expectStatus(`signing in ${username}`, res, 200);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .find((c) => c.startsWith('numerek_session='));
  if (!cookie) throw new Error(`signing in ${username}: no session cookie`);
  if (body.passwordChangeRequired) {
    const chosen = await call('POST', '/api/auth/password', {
      cookie,
      body: { currentPassword: password, newPassword: `${password}-chosen` },
    });
    expectStatus(`${username} choosing a password`, chosen, 200);
  }
  return cookie;
}

async function smoke() {
  const spawned = Date.now();
  for (;;) {
    if (Date.now() - spawned > STARTED_WITHIN_MS) throw new Error('no answer on /api/health');
    const stopped = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 250))]);
    if (stopped) throw new Error(`npm start exited (${JSON.stringify(stopped)})`);
    const health = await fetch(`${base}/api/health`).catch(() => null);
    if (health?.ok) break;
  }
  step(`/api/health answered ${Date.now() - spawned} ms after the start`);

  const secrets = readFileSync(path.join(dataDir, 'first-start-secrets.txt'), 'utf8');
  const clerk = /^\s+clerk\s+(\S+) \/ (\S+)\s*$/m.exec(secrets);
  const pairKiosk = /pair kiosk\s+\S+#pair=(\S+)/.exec(secrets);
  if (!clerk || !pairKiosk) throw new Error(`the first start wrote no clerk or kiosk link:\n${secrets}`);

  const admin = await signIn('admin', ADMIN_PASSWORD);
  const categories = expectStatus('categories', await call('GET', '/api/categories', { cookie: admin }), 200);
  const counters = expectStatus('counters', await call('GET', '/api/counters', { cookie: admin }), 200);
  const kiosk = expectStatus(
    'pairing the kiosk',
    await call('POST', '/api/devices/pair', { body: { code: pairKiosk[1] } }),
    200,
  ).token;

  const category = categories[0];
  const issued = expectStatus(
    'issuing a ticket',
    await call('POST', '/api/tickets', { token: kiosk, body: { categoryId: category.id } }),
    201,
  );
  step(`the kiosk issued ${issued.code}`);

  const cookie = await signIn(clerk[1], clerk[2]);
  const counter = counters[0];
  expectStatus(
    'opening a counter',
    await call('POST', `/api/counters/${counter.id}/open`, { cookie, body: {} }),
    200,
  );
  const called = expectStatus(
    'calling the next client',
    await call('POST', `/api/counters/${counter.id}/next`, { cookie }),
    200,
  );
  if (called.ticket?.id !== issued.id)
    throw new Error(`the clerk called ${JSON.stringify(called.ticket)}, not the ticket just issued`);
  step(`the clerk at counter ${counter.number} called ${called.ticket.code}`);
}

let failed = null;
try {
  await smoke();
} catch (err) {
  failed = err;
}
server.kill('SIGTERM');
const exit = await exited;
rmSync(dataDir, { recursive: true, force: true });
if (failed) {
  process.stderr.write(
    `smoke (node ${process.version}) failed: ${failed.message}\n--- server output ---\n${output}\n`,
  );
  process.exit(1);
}
if (exit.code !== 0) {
  process.stderr.write(
    `smoke: the server did not stop cleanly on SIGTERM (${JSON.stringify(exit)})\n${output}\n`,
  );
  process.exit(1);
}
step('passed');
