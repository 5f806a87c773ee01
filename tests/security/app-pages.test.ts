import { createTestApp, type TestApp } from '@numerek/server/testing';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Every page the server serves, and every file those pages load, leaves with the security
 * headers and a content security policy that forbids inline and foreign scripts, plugins and
 * framing by other sites. Needs the built apps (the tests' global setup builds them).
 */

let t: TestApp;
let ticketId = '';
beforeAll(async () => {
  t = await createTestApp({ serveApps: true });
  const issued = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
  expect(issued.statusCode).toBe(201);
  ticketId = issued.json<{ id: string }>().id;
});
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

/** The policy's directives by name. */
function directives(res: LightMyRequestResponse): Map<string, string[]> {
  const csp = String(res.headers['content-security-policy'] ?? '');
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name = '', ...values]) => [name, values]),
  );
}

function expectProtected(res: LightMyRequestResponse, what: string): void {
  const csp = directives(res);
  expect(csp.get('default-src'), `${what}: default-src`).toEqual(["'self'"]);
  expect(csp.get('script-src'), `${what}: script-src`).toEqual(["'self'"]);
  expect(csp.get('script-src-attr'), `${what}: script-src-attr`).toEqual(["'none'"]);
  expect(csp.get('object-src'), `${what}: object-src`).toEqual(["'none'"]);
  expect(csp.get('base-uri'), `${what}: base-uri`).toEqual(["'self'"]);
  expect(csp.get('form-action'), `${what}: form-action`).toEqual(["'self'"]);
  expect(csp.get('frame-ancestors'), `${what}: frame-ancestors`).toEqual(["'self'"]);
  expect(csp.get('connect-src'), `${what}: connect-src`).toEqual(["'self'"]);
  for (const [name, values] of csp) {
    expect(values, `${what}: ${name}`).not.toContain("'unsafe-eval'");
    expect(values, `${what}: ${name}`).not.toContain('*');
    if (name !== 'style-src') expect(values, `${what}: ${name}`).not.toContain("'unsafe-inline'");
  }
  expect(res.headers['x-content-type-options'], what).toBe('nosniff');
  expect(res.headers['referrer-policy'], what).toBe('no-referrer');
  expect(res.headers['x-frame-options'], what).toBe('SAMEORIGIN');
  expect(res.headers['cross-origin-opener-policy'], what).toBe('same-origin');
  expect(res.headers['cross-origin-resource-policy'], what).toBe('same-origin');
  expect(res.headers['access-control-allow-origin'], what).toBeUndefined();
}

/** The same-site files a page loads (scripts, styles, icons). */
function assetsOf(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="(\/[^"]+)"/g)].map((m) => m[1] ?? '');
}

const PAGES = [
  { url: '/kiosk/', what: 'kiosk (and its pairing link /kiosk/#pair=…)' },
  { url: '/display/', what: 'hall display (and its pairing link /display/#pair=…)' },
  { url: '/counter/', what: 'clerk panel and supervisor console' },
  { url: '/kiosk/ticket.html', what: 'citizen’s ticket page' },
];

describe('security headers on every app page', () => {
  for (const page of PAGES) {
    it(`${page.url}: ${page.what}, and every file it loads`, async () => {
      const res = await get(page.url);
      expect(res.statusCode, res.body.slice(0, 200)).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expectProtected(res, page.url);
      // The policy forbids inline scripts and handlers, so the built page must have none.
      expect(res.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(res.body).not.toMatch(/\son[a-z]+=/i);
      const assets = assetsOf(res.body);
      expect(assets.length, `${page.url} loads its script and styles`).toBeGreaterThan(0);
      for (const asset of assets) {
        const file = await get(asset);
        expect(file.statusCode, asset).toBe(200);
        expectProtected(file, asset);
        if (asset.endsWith('.js')) expect(file.headers['content-type'], asset).toMatch(/javascript/);
        if (asset.endsWith('.css')) expect(file.headers['content-type'], asset).toMatch(/^text\/css/);
      }
    });
  }

  it('/t/<id>: the ticket page that every ticket’s QR code opens', async () => {
    const res = await get(`/t/${ticketId}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expectProtected(res, '/t/<id>');
    for (const asset of assetsOf(res.body)) expectProtected(await get(asset), asset);
  });

  it('redirects, missing files, the API and its errors carry the same headers', async () => {
    for (const url of ['/', '/kiosk', '/display', '/counter']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(302);
      expectProtected(res, url);
    }
    for (const url of ['/kiosk/no-such-file.js', '/no-such-page', '/api/health', '/api/no-such-route']) {
      expectProtected(await get(url), url);
    }
    const refused = await t.app.inject({ method: 'POST', url: '/api/tickets', payload: {} });
    expect(refused.statusCode).toBe(401);
    expectProtected(refused, 'POST /api/tickets refused');
  });
});
