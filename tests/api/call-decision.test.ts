import { ADMIN_PASSWORD, createTestApp } from '@numerek/server/testing';
import type { CallDecision, CounterActionOutcome, TicketRecord } from '@numerek/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rebuildOver } from '../realtime/support.ts';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

/**
 * A call's decision is stored as data: a ticket's record reads right in any language, also
 * the next day after the server restarted over the same SQLite file.
 */
describe('the decision of a call', () => {
  it('is still in a ticket’s record the day after, when the server was restarted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-decision-'));
    const file = path.join(dir, 'numerek.db');
    const first = await createTestApp({ file });
    let second: Awaited<ReturnType<typeof rebuildOver>> | null = null;
    try {
      const issue = (priority: boolean) =>
        first.request('kiosk', 'POST', '/api/tickets', {
          categoryId: first.category.A,
          ...(priority ? { priorityGroupId: first.priorityGroupId } : {}),
        });
      await issue(false);
      first.clock.advance(5 * MIN);
      const called = (await issue(true)).json<{ id: string }>();
      first.clock.advance(3 * MIN);
      await first.request('clerk', 'POST', `/api/counters/${first.counter[1]}/open`);
      const next = (
        await first.request('clerk', 'POST', `/api/counters/${first.counter[1]}/next`)
      ).json<CounterActionOutcome>();
      const expected: CallDecision = {
        rule: 'score',
        ticket: { code: 'A002', weight: 4, waitedMinutes: 3, score: 12 },
        other: { code: 'A001', weight: 1, waitedMinutes: 8, score: 8 },
      };
      expect(next.ticket?.id).toBe(called.id);
      expect(next.decision).toEqual(expected);
      expect(next.ticket?.callDecision).toEqual(expected);
      await first.app.close();
      await first.db.close();

      first.clock.advance(DAY);
      second = await rebuildOver(first, file);
      // Yesterday's session has expired: the supervisor signs in again.
      const login = await second.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username: 'admin', password: ADMIN_PASSWORD },
      });
      const session = login.cookies.find((c) => c.name === 'numerek_session');
      const res = await second.app.inject({
        method: 'GET',
        url: `/api/admin/tickets/${called.id}`,
        headers: { cookie: `numerek_session=${session?.value ?? ''}` },
      });
      expect(res.statusCode).toBe(200);
      const record = res.json<TicketRecord>();
      expect(record.ticket.callDecision).toEqual(expected);
      expect(record.events.find((e) => e.type === 'called')?.data).toMatchObject({ decision: expected });
    } finally {
      if (second) {
        await second.app.close();
        await second.db.close();
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
