import type { Page } from 'playwright-core';

/**
 * Waits for every selector without handing the page a user gesture. Playwright's locators and
 * `evaluate` count as one, and a page that has had a gesture may start its sound, so a page
 * that should find its sound blocked is only looked at through a plain DevTools evaluation.
 */
export async function waitUntouched(page: Page, selectors: string[], ms = 10_000): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const expression = selectors
    .map((s) => `document.querySelector(${JSON.stringify(s)}) !== null`)
    .join(' && ');
  try {
    for (const until = Date.now() + ms; ;) {
      const r = (await cdp.send('Runtime.evaluate', { expression, userGesture: false })) as {
        result: { value?: unknown };
      };
      if (r.result.value === true) return;
      if (Date.now() > until) throw new Error(`${selectors.join(', ')} did not appear within ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    await cdp.detach();
  }
}
