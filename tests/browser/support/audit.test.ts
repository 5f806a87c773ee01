import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations } from './audit.ts';
import { browserAvailable, launchBrowser } from './browser.ts';

const CLEAN = `<!doctype html><html lang="en"><head><title>Clean</title></head>
  <body><main><h1>Numerek</h1><p>Nobody is waiting.</p></main></body></html>`;
/** An image without a text alternative, grey on white text, and a frame with a nameless button. */
const FAULTY = `<!doctype html><html lang="en"><head><title>Faulty</title></head>
  <body><main><h1>Numerek</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
  <p style="color:#bbb;background:#fff">A017</p>
  <iframe title="inner" src="/frame"></iframe>
  </main></body></html>`;

const FRAME = `<!doctype html><html lang="en"><head><title>Inner</title></head><body><button></button></body></html>`;

/** The audit every browser test uses: it must find what axe-core finds, in frames too. */
describe.runIf(browserAvailable('the axe-core audit'))('the axe-core audit', () => {
  let browser: Browser;
  let page: Page;
  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext()).newPage();
    // An address of its own, as the apps have: a frame of the same origin is audited as well.
    await page.route('http://numerek.test/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: pages.get(new URL(route.request().url()).pathname) ?? '',
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  const pages = new Map<string, string>([['/frame', FRAME]]);
  /** What the audit of the page as it is reports: '' when it passes. */
  const failureNow = () =>
    expectNoAxeViolations(page, 'page').then(
      () => '',
      (e: Error & { actual?: unknown }) => JSON.stringify(e.actual),
    );
  const failureOf = async (html: string) => {
    const path = `/${pages.size}`;
    pages.set(path, html);
    await page.goto(`http://numerek.test${path}`);
    await page.frames()[1]?.waitForLoadState();
    return failureNow();
  };

  it('passes a page with nothing to find', async () => {
    expect(await failureOf(CLEAN)).toBe('');
  });

  it('names each rule broken, on the page and in its frames, every time it runs and on a new document', async () => {
    for (let run = 0; run < 2; run++) {
      const failure = await failureOf(FAULTY);
      expect(failure).toMatch(/image-alt: img/);
      expect(failure).toMatch(/color-contrast: p/);
      expect(failure).toMatch(/button-name: iframe/);
    }
    // Run again on the same document, where axe-core is already loaded.
    expect(await failureNow()).toMatch(/image-alt: img/);
    expect(await failureOf(CLEAN)).toBe('');
  });
});
