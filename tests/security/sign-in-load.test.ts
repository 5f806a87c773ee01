import { PASSWORD_COST } from '@numerek/server';
import { createTestApp, type TestApp } from '@numerek/server/testing';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summarize } from '../bench/stats.ts';
import { listen } from '../realtime/support.ts';

const WRONG_SIGN_INS = 50;
const CLERK = { username: 'okienko-test', password: 'prawdziwe-haslo-1' };

// scrypt at the production cost (about 128 MiB and 0.2 s or more per attempt), over real HTTP.
describe('wrong sign-ins do not stall issuing', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ passwordCost: PASSWORD_COST });
    base = await listen(t.app);
    // The kiosk prints on a USB printer (here the null device): every ticket is written through
    // the file system, which shares libuv's small thread pool with scrypt.
    const printer = await t.request('admin', 'POST', '/api/admin/printers', {
      name: 'Drukarka USB',
      connection: 'usb:/dev/null',
      codePage: 'cp852',
      paperWidth: 80,
    });
    expect(printer.statusCode).toBe(201);
    const kiosk = (await t.request('kiosk', 'GET', '/api/devices/me')).json<{ id: string }>();
    const linked = await t.request('admin', 'PATCH', `/api/admin/devices/${kiosk.id}`, {
      printerId: printer.json<{ id: string }>().id,
    });
    expect(linked.statusCode).toBe(200);
    // An account whose password is hashed at the production cost, for wrong passwords of a real name.
    const created = await t.request('admin', 'POST', '/api/admin/users', { ...CLERK, role: 'clerk' });
    expect(created.statusCode).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** One kiosk ticket over HTTP; resolves with how long it took (ms). */
  const issue = async (): Promise<number> => {
    const started = performance.now();
    const res = await fetch(`${base}/api/tickets`, {
      method: 'POST',
      headers: { ...t.headers('kiosk'), 'content-type': 'application/json' },
      body: JSON.stringify({ categoryId: t.category.A }),
    });
    const body = await res.text();
    if (res.status !== 201) throw new Error(`issuing answered ${res.status}: ${body}`);
    return performance.now() - started;
  };

  const signIn = async (username: string, password: string) => {
    const started = performance.now();
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    const body = (await res.json()) as { error?: { code: string } };
    return {
      status: res.status,
      code: body.error?.code ?? null,
      retryAfter: res.headers.get('retry-after'),
      ms: performance.now() - started,
    };
  };

  /** Half the wrong sign-ins name a real account, half a made-up one (checked against a decoy hash). */
  const wrongSignIns = () =>
    Array.from({ length: WRONG_SIGN_INS }, (_, i) =>
      signIn(i % 2 ? CLERK.username : `nieznany-${i}`, `zle-haslo-${i}`),
    );

  it('keeps kiosk issuing p99 under 300 ms while 50 wrong sign-ins run in parallel', async () => {
    for (let i = 0; i < 5; i++) await issue();
    const baseline: number[] = [];
    for (let i = 0; i < 40; i++) baseline.push(await issue());

    let settled = false;
    const storm = Promise.all(wrongSignIns()).finally(() => {
      settled = true;
    });
    const during: number[] = [];
    // A kiosk issues one ticket after another for as long as the sign-ins run (at least 40).
    while (!settled || during.length < 40) during.push(await issue());
    const answers = await storm;

    const before = summarize(baseline);
    const under = summarize(during);
    console.log(
      `kiosk issuing, ${baseline.length} tickets alone: p50 ${before.p50.toFixed(1)} ms, p99 ${before.p99.toFixed(1)} ms; ` +
        `${during.length} tickets during ${WRONG_SIGN_INS} parallel wrong sign-ins: p50 ${under.p50.toFixed(1)} ms, ` +
        `p99 ${under.p99.toFixed(1)} ms, max ${under.max.toFixed(1)} ms ` +
        `(sign-ins: ${answers.filter((a) => a.status === 401).length} checked and refused, ` +
        `${answers.filter((a) => a.status === 429).length} answered 429)`,
    );
    expect(answers.every((a) => a.status === 401 || a.status === 429)).toBe(true);
    expect(under.p99).toBeLessThan(300);
  });

  it('answers sign-ins beyond the short queue at once with 429, Retry-After and PASSWORDS_BUSY; the right password works again right after', async () => {
    const answers = await Promise.all(wrongSignIns());
    const refused = answers.filter((a) => a.status === 429);
    const checked = answers.filter((a) => a.status === 401);
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.length).toBeLessThanOrEqual(10);
    expect(refused.length).toBe(WRONG_SIGN_INS - checked.length);
    for (const r of refused) {
      expect(r.code).toBe('PASSWORDS_BUSY');
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    // Refused without waiting for any hash: faster than the quickest checked attempt.
    const slowestRefusal = Math.max(...refused.map((r) => r.ms));
    const quickestCheck = Math.min(...checked.map((r) => r.ms));
    console.log(
      `${checked.length} wrong sign-ins checked (quickest ${quickestCheck.toFixed(0)} ms), ` +
        `${refused.length} refused with 429 (slowest ${slowestRefusal.toFixed(0)} ms, Retry-After ${refused[0]?.retryAfter ?? '–'} s)`,
    );
    expect(slowestRefusal).toBeLessThan(quickestCheck);
    expect((await signIn(CLERK.username, CLERK.password)).status).toBe(200);
  });
});
