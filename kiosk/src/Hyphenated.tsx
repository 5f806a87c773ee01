import type { Language } from '@numerek/shared';
import { useEffect, useState } from 'preact/hooks';
import { hyphenatorFor, loadHyphenator } from './hyphenation.ts';

/** A text whose long words may break with a hyphen, in the language it is written in. */
export function Hyphenated({ text, lang }: { text: string; lang: Language }) {
  const hyphenate = hyphenatorFor(lang);
  const [, loaded] = useState(0);
  useEffect(() => {
    if (hyphenate) return;
    let live = true;
    void loadHyphenator(lang).then((h) => {
      if (h && live) loaded((n) => n + 1);
    });
    return () => {
      live = false;
    };
  }, [lang, hyphenate]);
  return <>{hyphenate ? hyphenate(text) : text}</>;
}
