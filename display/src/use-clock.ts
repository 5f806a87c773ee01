import type { Language } from '@numerek/shared';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { clockText } from './clock.ts';
import { whenIdle } from './timing.ts';

function clockWorker(): Worker | null {
  if (typeof Worker === 'undefined') return null;
  try {
    return new Worker(new URL('./clock-worker.ts', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
}

/**
 * The office's time as text, made in a worker (see clock-worker.ts) once a minute; made on the
 * page, once it is idle, by a browser without workers. Empty until the first answer.
 */
export function useClockText(lang: Language, timeZone: string, now: number): string {
  const [text, setText] = useState('');
  const worker = useMemo(clockWorker, []);
  const at = Math.floor(now / 60_000) * 60_000;
  useEffect(() => {
    const onPage = () => whenIdle(() => setText(clockText(lang, timeZone, at)));
    if (!worker) return onPage();
    worker.onmessage = (e: MessageEvent<{ text: string }>) => setText(e.data.text);
    worker.onerror = () => void onPage();
    worker.postMessage({ lang, timeZone, at });
    return undefined;
  }, [worker, lang, timeZone, at]);
  useEffect(() => () => worker?.terminate(), [worker]);
  return text;
}
