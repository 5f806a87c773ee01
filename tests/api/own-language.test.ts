import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { ErrorBody, Me } from '@numerek/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

let t: TestApp;
beforeEach(async () => {
  t = await createTestApp();
});
afterEach(async () => {
  await t.close();
});

describe('a user’s own language', () => {
  it('is Polish until the user chooses, then remembered for them alone', async () => {
    expect((await t.request('clerk', 'GET', '/api/auth/me')).json<Me>().language).toBe('pl');
    const changed = await t.request('clerk', 'PATCH', '/api/auth/me', { language: 'uk' });
    expect(changed.statusCode).toBe(200);
    expect(changed.json<Me>()).toMatchObject({ id: t.userId.clerk, language: 'uk' });
    expect((await t.request('clerk', 'GET', '/api/auth/me')).json<Me>().language).toBe('uk');
    expect((await t.request('clerk2', 'GET', '/api/auth/me')).json<Me>().language).toBe('pl');
    expect(
      (await t.request('supervisor', 'PATCH', '/api/auth/me', { language: 'en' })).json<Me>().language,
    ).toBe('en');
  });

  it('takes only a language the apps speak, and nothing else of the account', async () => {
    for (const body of [{ language: 'de' }, { language: 'uk', role: 'admin' }, {}]) {
      const res = await t.request('clerk', 'PATCH', '/api/auth/me', body);
      expect(res.statusCode).toBe(400);
      expect(res.json<ErrorBody>().error).toMatchObject({
        code: 'VALIDATION_FAILED',
        params: { field: expect.any(String) },
      });
    }
    expect((await t.request('clerk', 'GET', '/api/auth/me')).json<Me>()).toMatchObject({
      role: 'clerk',
      language: 'pl',
    });
  });

  it('is for signed-in staff only', async () => {
    expect((await t.request('anonymous', 'PATCH', '/api/auth/me', { language: 'en' })).statusCode).toBe(401);
    const kiosk = await t.request('kiosk', 'PATCH', '/api/auth/me', { language: 'en' });
    expect([401, 403]).toContain(kiosk.statusCode);
  });
});
