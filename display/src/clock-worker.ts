import { clockText } from './clock.ts';

/**
 * The clock's words, made off the page's thread: the first date format a page makes loads the
 * browser's locale and time-zone data, which holds a slow TV stick's page for a noticeable time.
 * Answers each `{ lang, timeZone, at }` with the time as text.
 */
self.onmessage = (e: MessageEvent<{ lang: 'pl' | 'en' | 'uk'; timeZone: string; at: number }>) => {
  const { lang, timeZone, at } = e.data;
  self.postMessage({ text: clockText(lang, timeZone, at) });
};
