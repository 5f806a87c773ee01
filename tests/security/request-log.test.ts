import { createTestApp, type TestApp } from '@numerek/server/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A phone opens its ticket's page (`/t/<id>`) and polls `/api/tickets/<id>` from its own
 * address. The request log keeps addresses (they show abuse) but never a ticket id, so no line
 * ties a phone to a ticket.
 */

const PHONE = '198.51.100.23';

describe('request logs', () => {
  const lines: string[] = [];
  let t: TestApp;
  let ticketId = '';

  beforeAll(async () => {
    t = await createTestApp({
      serveApps: true,
      env: { LOG_LEVEL: 'info' },
      logStream: { write: (line) => void lines.push(line) },
    });
    const issued = await t.request('kiosk', 'POST', '/api/tickets', { categoryId: t.category.A });
    expect(issued.statusCode).toBe(201);
    ticketId = issued.json<{ id: string }>().id;
    lines.length = 0;
    for (const url of [
      `/t/${ticketId}`,
      `/api/tickets/${ticketId}`,
      `/api/tickets/${ticketId}?lang=uk`,
      `/api/tickets/${encodeURIComponent(ticketId)}`,
      `/api/tickets/${ticketId}/qr.svg`,
      // Addresses no route answers: a mistyped or truncated link.
      `/t/${ticketId}/`,
      `/api/tickets/${ticketId}/status`,
      `/kiosk/?ticket=${ticketId}`,
    ]) {
      const res = await t.app.inject({ method: 'GET', url, remoteAddress: PHONE });
      expect(res.statusCode, url).toBeLessThan(500);
    }
    // A supervisor opening the ticket's record from the console.
    expect((await t.request('supervisor', 'GET', `/api/admin/tickets/${ticketId}`)).statusCode).toBe(200);
  });
  afterAll(async () => t.close());

  it('log the phone’s requests with its address, but not one line holds the ticket id', () => {
    const fromPhone = lines.filter((l) => l.includes(PHONE));
    expect(fromPhone.length).toBeGreaterThanOrEqual(8);
    expect(lines.filter((l) => l.includes(ticketId))).toEqual([]);
    // The id's place is named instead.
    const urls = lines
      .map((l) => JSON.parse(l) as { req?: { url?: string; remoteAddress?: string } })
      .filter((l) => l.req?.remoteAddress === PHONE)
      .map((l) => l.req?.url);
    expect(urls).toEqual(
      expect.arrayContaining([
        '/t/:id',
        '/api/tickets/:id',
        '/api/tickets/:id/qr.svg',
        '/t/:id/',
        '/api/tickets/:id/status',
        '/kiosk/',
      ]),
    );
  });
});
