import { createTestApp, type TestApp } from '@numerek/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const TOKEN = 'metrics-token-for-the-test-0123456789';

/** The value of one sample of the Prometheus text, or undefined when it is not there. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const open = line.indexOf('{');
    const close = line.lastIndexOf('}');
    const given = open === -1 ? '' : line.slice(open + 1, close);
    if (Object.entries(labels).every(([k, v]) => given.includes(`${k}="${v}"`)))
      return Number(line.slice((close === -1 ? name.length : close + 1) + 1));
  }
  return undefined;
}

/**
 * `/metrics`: what an office's IT reads in Prometheus, with the token or from an allowed address,
 * and nothing a person or a priority group could be told apart by.
 */
describe('/metrics', () => {
  let t: TestApp;
  const scrape = (
    headers: Record<string, string> = { authorization: `Bearer ${TOKEN}` },
    remoteAddress?: string,
  ) => t.app.inject({ method: 'GET', url: '/metrics', headers, ...(remoteAddress ? { remoteAddress } : {}) });

  beforeAll(async () => {
    t = await createTestApp({ env: { METRICS_TOKEN: TOKEN, METRICS_ALLOW: '10.0.5.0/24' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('counts the tickets issued and called per office and category, the calls per counter, and who waits how long', async () => {
    const issue = (category: string, priority = false) =>
      t.request('kiosk', 'POST', '/api/tickets', {
        categoryId: category,
        ...(priority ? { priorityGroupId: t.priorityGroupId } : {}),
      });
    for (let i = 0; i < 3; i++) expect((await issue(t.category.A ?? '')).statusCode).toBe(201);
    expect((await issue(t.category.A ?? '', true)).statusCode).toBe(201);
    expect((await issue(t.category.R ?? '')).statusCode).toBe(201);
    t.clock.advance(5 * 60_000);
    const counter = t.counter[1] ?? '';
    await t.request('clerk', 'POST', `/api/counters/${counter}/open`);
    const next = await t.request('clerk', 'POST', `/api/counters/${counter}/next`);
    expect(next.statusCode).toBe(200);
    // The call's event goes out to the office's sockets once the gateway has read the office.
    let text = '';
    let type = '';
    for (let i = 0; i < 100; i++) {
      const res = await scrape();
      expect(res.statusCode).toBe(200);
      text = res.body;
      type = String(res.headers['content-type']);
      if ((sample(text, 'numerek_call_emit_seconds_count') ?? 0) >= 1) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);

    const office = t.officeId;
    const A = { office, category: t.category.A ?? '' };
    expect(sample(text, 'numerek_tickets_issued_total', A)).toBe(4);
    expect(sample(text, 'numerek_tickets_issued_total', { office, category: t.category.R ?? '' })).toBe(1);
    expect(sample(text, 'numerek_tickets_called_total', A)).toBe(1);
    expect(sample(text, 'numerek_counter_calls_total', { office, counter })).toBe(1);
    expect(sample(text, 'numerek_tickets_waiting', A)).toBe(3);
    expect(sample(text, 'numerek_longest_wait_seconds', A)).toBe(300);
    expect(sample(text, 'numerek_call_emit_seconds_count')).toBe(1);
    expect(sample(text, 'numerek_db_write_seconds_count')).toBeGreaterThanOrEqual(6);
    expect(sample(text, 'numerek_sockets', { namespace: '/display' })).toBe(0);
    expect(sample(text, 'nodejs_eventloop_lag_p99_seconds')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('# TYPE numerek_printer_state gauge');
    // Nothing about priority groups, no ticket and no person: labels are offices, categories,
    // counters, printers, namespaces and states only.
    const labels = new Set([...text.matchAll(/[{,]([a-z_]+)="/g)].map((m) => m[1]));
    for (const label of labels)
      expect([
        'office',
        'category',
        'counter',
        'printer',
        'state',
        'namespace',
        'le',
        'quantile',
        'type',
        'version',
        'major',
        'minor',
        'patch',
        'space',
        'kind',
      ]).toContain(label);
    expect(text).not.toContain(t.priorityGroupId);
    expect(text.toLowerCase()).not.toContain('priority');
  });

  it('is refused without the token (401) or with a wrong one (401), and from an address not allowed', async () => {
    const none = await scrape({});
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    const wrong = await scrape({ authorization: 'Bearer not-the-metrics-token-0123456789' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect(wrong.body).not.toContain('numerek_');
    // A staff session is no key to the metrics either.
    const staff = await t.app.inject({ method: 'GET', url: '/metrics', headers: t.headers('admin') });
    expect(staff.statusCode).toBe(401);
    // From an address in METRICS_ALLOW no token is needed.
    const allowed = await scrape({}, '10.0.5.7');
    expect(allowed.statusCode).toBe(200);
    expect(allowed.body).toContain('numerek_tickets_waiting');
  });

  it('is closed to everyone when neither a token nor addresses are configured (403)', async () => {
    const closed = await createTestApp();
    try {
      const res = await closed.app.inject({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    } finally {
      await closed.close();
    }
  });
});
