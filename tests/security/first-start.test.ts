import type { Me } from '@numerek/shared';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from '../reliability/office-clients.ts';
import {
  parseFirstStartSecrets,
  SECRETS_FILE,
  ServerProcess,
  type FirstStartSecrets,
} from '../reliability/server-process.ts';

/**
 * The real server (`server/src/main.ts`, as `npm start` runs it) started on an empty data folder
 * without ADMIN_PASSWORD. Its standard output and error end up in system logs, so the passwords
 * and pairing links of the first start go to a file only the server's user can read.
 */
describe('the first start', () => {
  let server: ServerProcess;
  let file: string;
  let text: string;
  let secrets: FirstStartSecrets;

  beforeAll(async () => {
    server = await ServerProcess.create({ env: { ADMIN_PASSWORD: '', LOG_LEVEL: 'info' } });
    await server.start();
    file = path.join(server.dataDir, SECRETS_FILE);
    text = readFileSync(file, 'utf8');
    secrets = parseFirstStartSecrets(text);
  }, 90_000);
  afterAll(async () => server?.dispose());

  it('prints no password or pairing token, only where they are and what to do with the file', async () => {
    // A few requests, so the request log has had its say too.
    await request(server.base, null, 'GET', '/api/categories');
    const output = server.log;
    const links = [...text.matchAll(/(\S+#pair=(\S+))/g)].flatMap((m) => [m[1] ?? '', m[2] ?? '']);
    expect(links.length).toBe(4);
    for (const secret of [secrets.admin ?? '', ...secrets.clerks.map((c) => c.password), ...links]) {
      expect(secret.length).toBeGreaterThan(8);
      expect(output).not.toContain(secret);
    }
    expect(output).not.toMatch(/#pair=/);
    expect(output).toContain(file);
    expect(output).toMatch(/delete the file once you have read it/i);
    expect(output).toContain(`${server.base}/counter/`);
  });

  it('writes them to a file in DATA_DIR that only the server’s user can read (0600)', () => {
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(file).uid).toBe(process.getuid?.());
    expect(secrets.admin).toMatch(/\S{12,}/);
    expect(secrets.clerks.map((c) => c.username)).toEqual(['anna.nowak', 'jan.kowalski']);
    expect(text).toMatch(/pair kiosk\s+http\S+#pair=\S+/);
    expect(text).toMatch(/pair display\s+http\S+#pair=\S+/);
    expect(text).toMatch(/Delete this file once you have read it/);
  });

  it('lets the administrator and the clerks sign in with them, and makes each choose a new password first', async () => {
    for (const [username, password] of [
      ['admin', secrets.admin ?? ''],
      ...secrets.clerks.map((c) => [c.username, c.password] as const),
    ] as const) {
      const login = await fetch(`${server.base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
      expect(login.status, username).toBe(200);
      expect(((await login.json()) as Me).passwordChangeRequired, username).toBe(true);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const counters = await request<{ error: { code: string } }>(
        server.base,
        { cookie },
        'GET',
        '/api/counters',
      );
      expect(counters.status, username).toBe(403);
      expect(counters.body.error.code).toBe('PASSWORD_CHANGE_REQUIRED');
      const chosen = await request(server.base, { cookie }, 'POST', '/api/auth/password', {
        currentPassword: password,
        newPassword: `${password}-mine`,
      });
      expect(chosen.status, username).toBe(200);
      expect((await request(server.base, { cookie }, 'GET', '/api/counters')).status).toBe(200);
    }
  });
});
