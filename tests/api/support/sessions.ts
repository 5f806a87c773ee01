import type { TestApp } from '@numerek/server/testing';
import { SESSION_COOKIE } from '@numerek/shared';
import { expect } from 'vitest';

/** A sign-in as a browser sends it: the answer itself, for the tests that expect a refusal. */
export const login = (t: TestApp, username: string, password: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

/** Signs in, which must succeed, and gives the `cookie` header of the new session. */
export async function sessionCookie(t: TestApp, username: string, password: string): Promise<string> {
  const res = await login(t, username, password);
  expect(res.statusCode, res.body).toBe(200);
  return `${SESSION_COOKIE}=${res.cookies.find((c) => c.name === SESSION_COOKIE)?.value ?? ''}`;
}
