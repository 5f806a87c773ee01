import { addDays, atOfficeTime, createTestApp, MONDAY } from '@numerek/server/testing';
import type { CallDecision, CounterActionOutcome } from '@numerek/shared';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CONSOLE_STRINGS } from '../../counter/src/console/words.ts';
import { decisionText } from '../../counter/src/decision-text.ts';
import { STRINGS } from '../../counter/src/i18n.ts';
import { listen, rebuildOver } from '../realtime/support.ts';
import { audit, DESKTOP } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { expectOnlyLanguage } from './support/language-check.ts';

const MIN = 60_000;
const DICTIONARIES = {
  pl: [STRINGS.pl, CONSOLE_STRINGS.pl],
  en: [STRINGS.en, CONSOLE_STRINGS.en],
  uk: [STRINGS.uk, CONSOLE_STRINGS.uk],
};

/**
 * A call's reason is stored as data, so a ticket's record reads right in the reader's language
 * on a later day, after the server restarted over the same SQLite file.
 */
describe.runIf(browserAvailable('ticket record browser test'))('a ticket’s record the day after', () => {
  it('says why a ticket called yesterday was called, in the English of a supervisor who chose English', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'numerek-record-'));
    const file = path.join(dir, 'numerek.db');
    const first = await createTestApp({ file });
    let second: Awaited<ReturnType<typeof rebuildOver>> | null = null;
    let browser: Browser | null = null;
    try {
      const password = 'english-supervisor-password';
      const emily = await first.addStaff('emily.supervisor', 'supervisor', password);
      const english = await first.app.inject({
        method: 'PATCH',
        url: '/api/auth/me',
        headers: { cookie: emily.cookie },
        payload: { language: 'en' },
      });
      expect(english.statusCode).toBe(200);

      // Yesterday (the test app's Monday): a regular client, then a priority one, called first.
      const issue = (priority: boolean) =>
        first.request('kiosk', 'POST', '/api/tickets', {
          categoryId: first.category.A,
          ...(priority ? { priorityGroupId: first.priorityGroupId } : {}),
        });
      expect((await issue(false)).statusCode).toBe(201);
      first.clock.advance(5 * MIN);
      const priority = (await issue(true)).json<{ id: string }>();
      first.clock.advance(3 * MIN);
      expect(
        (await first.request('clerk', 'POST', `/api/counters/${first.counter[1]}/open`)).statusCode,
      ).toBe(200);
      const next = (
        await first.request('clerk', 'POST', `/api/counters/${first.counter[1]}/next`)
      ).json<CounterActionOutcome>();
      const decision: CallDecision = {
        rule: 'score',
        ticket: { code: 'A002', weight: 4, waitedMinutes: 3, score: 12 },
        other: { code: 'A001', weight: 1, waitedMinutes: 8, score: 8 },
      };
      expect(next.ticket?.id).toBe(priority.id);
      expect(next.decision).toEqual(decision);
      await first.app.close();
      await first.db.close();

      // Today, Tuesday 9:00: the server starts again on the same file.
      second = await rebuildOver(first, file, {
        now: atOfficeTime(addDays(MONDAY, 1), '09:00'),
        serveApps: true,
      });
      const base = await listen(second.app);
      browser = await launchBrowser();
      const page = await (await browser.newContext({ viewport: DESKTOP, reducedMotion: 'reduce' })).newPage();
      await page.goto(`${base}/counter/#/console/ticket`);
      // The sign-in page speaks the browser's last language; the account's own wins once signed in.
      await page.getByLabel(STRINGS.pl.username).fill('emily.supervisor');
      await page.getByLabel(STRINGS.pl.password).fill(password);
      await page.getByRole('button', { name: STRINGS.pl.signIn }).click();
      await page.waitForSelector('[data-screen="console-ticket"]');
      await expect.poll(() => page.locator('.console').getAttribute('lang')).toBe('en');

      // The client's paper ticket gives its status link (the QR code): pasted into the lookup.
      const w = CONSOLE_STRINGS.en.ticket;
      await page.getByLabel(w.idLabel).fill(`${base}/t/${priority.id}`);
      await page.getByRole('button', { name: w.show }).click();
      const why = page.locator('[data-decision]');
      await expect.poll(() => why.innerText()).toBe(decisionText(STRINGS.en, decision));
      expect(await why.getAttribute('data-decision')).toBe('score');
      // The events name who acted (the kiosk, the clerk) as the office named them.
      await expect.poll(() => page.locator('table tbody tr').count()).toBe(2);
      const { users, devices } = second.app.services;
      const names = [
        'Numerek',
        ...(await users.list(first.officeId)).map((u) => u.displayName),
        ...(await devices.list(first.officeId)).map((d) => d.name),
      ];
      const who = await page.locator('table tbody tr td:nth-child(3)').allInnerTexts();
      expect(
        who.every((name) => names.includes(name)),
        who.join(', '),
      ).toBe(true);
      await expectOnlyLanguage(page, 'en', DICTIONARIES, 'ticket record', names);
      await audit(page, 'ticket record in en');
    } finally {
      await browser?.close();
      if (second) {
        await second.app.close();
        second.db.close();
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
