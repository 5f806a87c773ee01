import { LANGUAGES, type Language, type Report } from '@numerek/shared';
import { ADMIN_PASSWORD, createTestApp, MONDAY, type TestApp, type Who } from '@numerek/server/testing';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SURVEY_TEXT } from '../../kiosk/src/survey/survey-text.ts';
import { TICKET_TEXT } from '../../kiosk/src/ticket/ticket-text.ts';
import { installAudioProbe, readAloud } from './support/audio-probe.ts';
import { audit } from './support/audit.ts';
import { browserAvailable, launchBrowser } from './support/browser.ts';
import { asPairedDevice } from './support/devices.ts';
import { expectOnlyLanguage } from './support/language-check.ts';

const run = browserAvailable('visit survey');

/** The tablet beside a counter: landscape, as such tablets stand. */
const TABLET = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const DICTIONARIES = {
  pl: [SURVEY_TEXT.pl, TICKET_TEXT.pl],
  en: [SURVEY_TEXT.en, TICKET_TEXT.en],
  uk: [SURVEY_TEXT.uk, TICKET_TEXT.uk],
};

/**
 * The visit survey in a real Chromium against the real server: the feedback tablet beside
 * counter 1 wakes when its clerk finishes a visit, and the phone page of a finished ticket asks
 * too; each visit is counted once, and the console's report shows both.
 */
describe.runIf(run)('the visit survey', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let tabletToken: string;
  let tablet: Page;
  let tabletContext: BrowserContext;
  const opened = new Set<string>();
  // Office names and ticket codes are the same in every language.
  const names = ['Numerek', 'Urząd Miasta Przykładowo'];

  const act = async (who: Who, counter: number, action: string) => {
    const res = await t.request(who, 'POST', `/api/counters/${t.counter[counter]}/${action}`);
    expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  };
  /** A visit in `language`, served to the end at a counter by its clerk. */
  const servedVisit = async (language: Language, counter = 1, who: Who = 'clerk'): Promise<string> => {
    // Counter 1 serves category A, counter 3 category R.
    const categoryId = counter === 1 ? t.category.A : t.category.R;
    const res = await t.request('kiosk', 'POST', '/api/tickets', { categoryId, language });
    expect(res.statusCode, res.body).toBe(201);
    if (!opened.has(who)) {
      await act(who, counter, 'open');
      opened.add(who);
    }
    t.clock.advance(4 * 60_000);
    await act(who, counter, 'next');
    await act(who, counter, 'start');
    t.clock.advance(3 * 60_000);
    await act(who, counter, 'finish');
    return res.json<{ id: string }>().id;
  };
  /** Time passes for the tablet and the server alike. */
  const later = async (ms: number) => {
    t.clock.advance(ms);
    await tablet.clock.fastForward(ms);
  };
  const answers = async () => Number(await t.db.value('SELECT count(*) FROM survey_answers'));
  const screenOf = (page: Page) => page.locator('[data-screen]').first().getAttribute('data-screen');
  const spoken = (page: Page) => readAloud(page);

  beforeAll(async () => {
    t = await createTestApp({ serveApps: true });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    browser = await launchBrowser();
    const device = await t.newDevice('feedback', 'Tablet – stanowisko 1');
    tabletToken = device.token;
    const bound = await t.request('supervisor', 'PATCH', `/api/admin/devices/${device.id}`, {
      counterId: t.counter[1],
    });
    expect(bound.statusCode, bound.body).toBe(200);
    tabletContext = await browser.newContext({ viewport: TABLET, reducedMotion: 'reduce' });
    await asPairedDevice(tabletContext, 'feedback', tabletToken);
    tablet = await tabletContext.newPage();
    // What the read-aloud mode says: the server's audio it plays (or what the browser's voice is given).
    await installAudioProbe(tablet);
    await tablet.clock.install();
    await tablet.goto(`${base}/feedback/`);
    await tablet.locator('[data-screen="resting"]').waitFor({ timeout: 10_000 });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('asks at the counter when its clerk finishes, stores a tap once, takes a phone’s answer, and reports both', async () => {
    expect(await tablet.locator('.counter-name').innerText()).toBe('Stanowisko 1');
    const before = await answers();

    // The clerk of counter 1 finishes a visit: its tablet asks, in the ticket's language.
    const first = await servedVisit('en');
    await expect.poll(() => screenOf(tablet), { timeout: 10_000 }).toBe('question');
    expect(await tablet.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await tablet.getByRole('heading', { level: 1 }).innerText()).toBe('How was your visit?');

    // Read aloud on request: the question and every face.
    await tablet.getByRole('button', { name: 'Read aloud' }).click();
    await expect
      .poll(async () => (await spoken(tablet)).at(-1) ?? '', { timeout: 15_000 })
      .toContain('How was your visit?');
    expect((await spoken(tablet)).at(-1)).toContain('5: Very good.');

    // Two taps on "Good" before the screen changes: one answer.
    await tablet.locator('[data-score="4"]').evaluate((button: HTMLButtonElement) => {
      button.click();
      button.click();
    });
    await expect.poll(() => screenOf(tablet)).toBe('thanks');
    await expect.poll(answers).toBe(before + 1);
    // A retry of the same answer, and the phone page of the same visit: still one.
    const retry = await t.app.inject({
      method: 'PUT',
      url: `/api/tickets/${first}/survey`,
      headers: { authorization: `Bearer ${tabletToken}` },
      payload: { score: 4 },
    });
    expect(retry.json()).toEqual({ received: true });
    expect(
      (await t.request('anonymous', 'PUT', `/api/tickets/${first}/survey`, { score: 1 })).statusCode,
    ).toBe(200);
    expect(await answers()).toBe(before + 1);
    expect(await t.db.all('SELECT channel, score, reason FROM survey_answers')).toEqual([
      { channel: 'tablet', score: 4, reason: null },
    ]);
    // The thanks, then the tablet rests again, back in Polish with reading aloud off.
    await later(6_000);
    await expect.poll(() => screenOf(tablet)).toBe('resting');
    expect(await tablet.evaluate(() => document.documentElement.lang)).toBe('pl');

    // Another visit, at counter 3 (no tablet there): its phone page asks once it has ended.
    const second = await servedVisit('uk', 3, 'clerk2');
    expect(await screenOf(tablet)).toBe('resting');
    const phone = await (await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' })).newPage();
    await phone.goto(`${base}/t/${second}`);
    const survey = phone.locator('section.survey');
    await expect.poll(() => survey.getAttribute('data-survey'), { timeout: 10_000 }).toBe('question');
    expect(await phone.locator('#survey-title').innerText()).toBe(SURVEY_TEXT.uk.question);
    await survey.getByRole('button', { name: SURVEY_TEXT.uk.scores[1] }).click();
    await survey.getByRole('button', { name: SURVEY_TEXT.uk.reasons.wait }).click();
    await expect.poll(() => survey.getAttribute('data-survey')).toBe('thanks');
    await expect.poll(answers).toBe(before + 2);
    await phone.reload();
    await phone.locator('h1 .code').waitFor();
    await phone.waitForTimeout(500);
    expect(await phone.locator('section.survey').count()).toBe(0);

    // The console's report shows both, where each was answered.
    const api = (await t.request('admin', 'GET', `/api/reports/daily?date=${MONDAY}`)).json<Report>();
    expect(api.survey?.total).toMatchObject({ answers: 2, distribution: [1, 0, 0, 1, 0], mean: 2.5 });
    expect(api.survey?.total.reasons.wait).toBe(1);
    expect(api.survey?.byChannel).toEqual({ tablet: 1, phone: 1 });
    const consolePage = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 } })
    ).newPage();
    await consolePage.goto(`${base}/counter/#/console/reports`);
    await consolePage.getByLabel('Nazwa użytkownika').fill('admin');
    await consolePage.getByLabel('Hasło').fill(ADMIN_PASSWORD);
    await consolePage.getByRole('button', { name: 'Zaloguj' }).click();
    await consolePage.getByLabel('Od', { exact: true }).fill(MONDAY);
    await consolePage.getByLabel('Do', { exact: true }).fill(MONDAY);
    await consolePage.getByRole('button', { name: 'Pokaż raport' }).click();
    const summary = consolePage.locator('.survey-summary');
    await summary.waitFor({ timeout: 10_000 });
    const figure = (label: string) =>
      summary.getByText(label, { exact: true }).locator('xpath=following-sibling::dd').innerText();
    expect(await figure('Odpowiedzi')).toBe('2');
    expect(await figure('Z tabletów')).toBe('1');
    expect(await figure('Z telefonów')).toBe('1');
    expect(await figure('Średnia ocena (1–5)')).toBe('2,5');
    expect(await figure('Odsetek odpowiedzi')).toBe('100%');
    await expect
      .poll(() =>
        consolePage.getByRole('region', { name: 'Ankieta według stanowisk', exact: true }).innerText(),
      )
      .toContain('Stanowisko 3');
    await audit(consolePage, 'console report with the survey');
  });

  it('returns the tablet to rest 30 s after the question when nobody answers', async () => {
    const before = await answers();
    await servedVisit('pl');
    await expect.poll(() => screenOf(tablet), { timeout: 10_000 }).toBe('question');
    await later(25_000);
    expect(await screenOf(tablet)).toBe('question');
    await later(6_000);
    await expect.poll(() => screenOf(tablet)).toBe('resting');
    expect(await answers()).toBe(before);
  });

  it('passes axe at WCAG 2.1 AA on the tablet in all three languages, and says every word in them', async () => {
    for (const lang of LANGUAGES) {
      const x = SURVEY_TEXT[lang];
      await tablet.getByRole('button', { name: x.languageName }).click();
      await expect.poll(() => tablet.evaluate(() => document.documentElement.lang)).toBe(lang);
      await audit(tablet, `tablet resting in ${lang}`);
      await expectOnlyLanguage(tablet, lang, DICTIONARIES, `tablet resting in ${lang}`, names);

      await servedVisit(lang === 'pl' ? 'en' : 'pl');
      await expect.poll(() => screenOf(tablet), { timeout: 10_000 }).toBe('question');
      await tablet.getByRole('button', { name: x.languageName }).click();
      await expect.poll(() => tablet.getByRole('heading', { level: 1 }).innerText()).toBe(x.question);
      await audit(tablet, `tablet question in ${lang}`);
      await expectOnlyLanguage(tablet, lang, DICTIONARIES, `tablet question in ${lang}`, names);

      await tablet.getByRole('button', { name: x.scores[2], exact: true }).click();
      await expect.poll(() => screenOf(tablet)).toBe('reason');
      await audit(tablet, `tablet reason in ${lang}`);
      await expectOnlyLanguage(tablet, lang, DICTIONARIES, `tablet reason in ${lang}`, names);

      await tablet.getByRole('button', { name: x.skip }).click();
      await expect.poll(() => screenOf(tablet)).toBe('thanks');
      await audit(tablet, `tablet thanks in ${lang}`);
      await expectOnlyLanguage(tablet, lang, DICTIONARIES, `tablet thanks in ${lang}`, names);
      await later(6_000);
      await expect.poll(() => screenOf(tablet)).toBe('resting');
    }
    // A low score without a reason is an answer too.
    expect(await t.db.value('SELECT count(*) FROM survey_answers WHERE score = 2 AND reason IS NULL')).toBe(
      3,
    );
  });

  it('passes axe at WCAG 2.1 AA on the phone page in all three languages', async () => {
    for (const lang of LANGUAGES) {
      const x = SURVEY_TEXT[lang];
      const id = await servedVisit(lang, 3, 'clerk2');
      const phone = await (await browser.newContext({ viewport: PHONE, reducedMotion: 'reduce' })).newPage();
      await phone.goto(`${base}/t/${id}`);
      const survey = phone.locator('section.survey');
      await expect.poll(() => survey.getAttribute('data-survey'), { timeout: 10_000 }).toBe('question');
      expect(await phone.evaluate(() => document.documentElement.lang)).toBe(lang);
      await audit(phone, `phone survey question in ${lang}`);
      await expectOnlyLanguage(phone, lang, DICTIONARIES, `phone survey question in ${lang}`, names);
      await survey.getByRole('button', { name: x.scores[1], exact: true }).click();
      await expect.poll(() => survey.getAttribute('data-survey')).toBe('reason');
      await audit(phone, `phone survey reason in ${lang}`);
      await expectOnlyLanguage(phone, lang, DICTIONARIES, `phone survey reason in ${lang}`, names);
      await survey.getByRole('button', { name: x.reasons.manner }).click();
      await expect.poll(() => survey.getAttribute('data-survey')).toBe('thanks');
      await audit(phone, `phone survey thanks in ${lang}`);
      await expectOnlyLanguage(phone, lang, DICTIONARIES, `phone survey thanks in ${lang}`, names);
      await phone.context().close();
    }
  });
});
