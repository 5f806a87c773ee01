import type { Language } from '@numerek/shared';
import { useEffect, useState } from 'preact/hooks';
import { hyphenatorFor, loadHyphenator } from './hyphenation.ts';

/**
 * A text whose long words may break with a hyphen, in the language it is written in. The soft
 * hyphens are for the eye only: assistive technology is given the text as written, so a screen
 * reader spells no word in pieces and a voice command ("click Mam rezerwację") matches the name.
 */
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
  const shown = hyphenate ? hyphenate(text) : text;
  if (shown === text) return <>{text}</>;
  return (
    <>
      <span aria-hidden="true">{shown}</span>
      <span class="read-only-by-assistive-technology">{text}</span>
    </>
  );
}
