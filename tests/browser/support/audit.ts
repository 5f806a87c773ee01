import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** The staff apps' desktop window. */
export const DESKTOP = { width: 1280, height: 800 };
/** 200 % zoom of the desktop window: the same page laid out in half the CSS pixels. */
export const ZOOM_200 = { width: 640, height: 400 };

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_21_AA: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  // Every rule still runs on every element; only the violations are sent back.
  resultTypes: ['violations'],
};

/**
 * axe-core finds nothing at WCAG 2.1 A/AA; a failure names each rule and the elements. axe-core is
 * put into each frame of the page once (a document keeps it until it is replaced) and runs in the
 * page, frames included: no second page is opened to gather the results, which made every audit
 * take more than a second.
 */
export async function expectNoAxeViolations(p: Page, name: string): Promise<void> {
  for (const frame of p.frames()) {
    if (frame.isDetached()) continue;
    if (!(await frame.evaluate(() => 'axe' in window))) await frame.evaluate(AXE_SOURCE);
  }
  const violations = await p.evaluate(async (options) => {
    const { axe } = window as unknown as { axe: { run(c: Document, o: RunOptions): Promise<AxeResults> } };
    const results = await axe.run(document, options);
    return results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }, WCAG_21_AA);
  expect(violations, `${name}: axe`).toEqual([]);
}

/** axe-core at WCAG 2.1 A/AA, the page's language, and nothing sticking out sideways. */
export async function audit(p: Page, name: string): Promise<void> {
  await expectNoAxeViolations(p, name);
  expect(await p.evaluate(() => document.documentElement.lang), `${name}: lang`).toMatch(/^(pl|en|uk)$/);
  // Nothing sticks out sideways (WCAG 1.4.10 reflow); the message names what does.
  const wide = await p.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width + 1) return [];
    return Array.from(document.querySelectorAll('body *'))
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className} "${el.textContent?.slice(0, 30) ?? ''}"`)
      .slice(-5);
  });
  expect(wide, `${name}: horizontal overflow`).toEqual([]);
}

/** Audits at the normal size and at 200 % zoom, then restores the size. */
export async function auditBothSizes(p: Page, name: string, size = DESKTOP): Promise<void> {
  await audit(p, name);
  await p.setViewportSize(ZOOM_200);
  await audit(p, `${name} at 200 %`);
  await p.setViewportSize(size);
}
