import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DESKTOP } from './audit.ts';

/**
 * Pages of a staff desk (a desktop window, Polish, reduced motion), each in a context of its own,
 * as separate browsers are: `open` one, `closeAll` in afterAll. `browser` is read when a page
 * opens, so it may be launched in beforeAll.
 */
export function staffPages(browser: () => Browser) {
  const contexts: BrowserContext[] = [];
  return {
    async open(): Promise<Page> {
      const context = await browser().newContext({
        viewport: DESKTOP,
        reducedMotion: 'reduce',
        locale: 'pl-PL',
      });
      contexts.push(context);
      return context.newPage();
    },
    async closeAll(): Promise<void> {
      for (const c of contexts.splice(0)) await c.close();
    },
  };
}

/**
 * The error a form field's `aria-describedby` points at, as a screen reader reads it with the
 * field, and whether the field says it is invalid.
 */
export const fieldError = (page: Page, label: string) =>
  page.getByLabel(label, { exact: true }).evaluate((input) => {
    const ids = (input.getAttribute('aria-describedby') ?? '').split(' ').filter(Boolean);
    const texts = ids
      .map((id) => document.getElementById(id))
      .filter((el) => el?.className === 'field-error');
    return {
      invalid: input.getAttribute('aria-invalid'),
      error: texts.map((el) => el?.textContent).join(' '),
    };
  });

/** Fills in the Polish sign-in form of the counter app at `url` and sends it. */
export async function signInAt(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.locator('[data-screen="sign-in"]').waitFor({ timeout: 10_000 });
  await page.getByLabel('Nazwa użytkownika').fill(username);
  await page.getByLabel('Hasło').fill(password);
  await page.getByRole('button', { name: 'Zaloguj' }).click();
}
