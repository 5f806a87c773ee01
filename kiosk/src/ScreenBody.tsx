import type { Language } from '@numerek/shared';
import type { ComponentChildren, RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { STRINGS } from './i18n.ts';
import { pageTarget } from './scroll-page.ts';

interface ScreenBodyProps {
  /** The scrolling body, which the kiosk brings back to its top on each new screen. */
  body: RefObject<HTMLElement | null>;
  lang: Language;
  /** The list is of matters: the button down says "more services". */
  matters: boolean;
  /** What the content's size depends on besides the window: the screen, language and text size. */
  layout: string;
  children: ComponentChildren;
}

interface Room {
  /** The buttons' place is kept: the content overflowed in this layout. */
  kept: boolean;
  overflows: boolean;
  above: boolean;
  below: boolean;
}

const NONE: Room = { kept: false, overflows: false, above: false, below: false };
const same = (a: Room, b: Room) =>
  a.kept === b.kept && a.overflows === b.overflows && a.above === b.above && a.below === b.below;

/**
 * A screen's content, and, when it does not fit (large text), large buttons beside it that page
 * through it: a client who does not know that the list scrolls sees that there is more and gets to
 * it with one tap, and back up. The list's edge fades where it goes on; each page brings the first
 * choice cut off at the bottom to the top. Both buttons stay while the content overflows, the one
 * that cannot move marked so, and keep the focus of a keypad user who pressed them.
 */
export function ScreenBody({ body, lang, matters, layout, children }: ScreenBodyProps) {
  const t = STRINGS[lang];
  const [room, setRoom] = useState<Room>(NONE);
  // Beside the list (landscape) the buttons narrow it, which may change its columns so that it
  // fits: their place is kept, empty, for as long as the layout stays, or they would come and go.
  const keptFor = useRef<string | null>(null);

  // After every render (a new screen, language or mode), on scrolling, and when the content or
  // the body changes size (fonts, hyphenation, the categories' refresh).
  useEffect(() => {
    const el = body.current;
    if (!el) return;
    const update = () => {
      const max = el.scrollHeight - el.clientHeight;
      const key = `${layout} ${innerWidth}×${innerHeight}`;
      if (max > 1) keptFor.current = key;
      const next = {
        kept: keptFor.current === key,
        overflows: max > 1,
        above: el.scrollTop > 1,
        below: el.scrollTop < max - 1,
      };
      setRoom((r) => (same(r, next) ? r : next));
    };
    update();
    const resized = new ResizeObserver(update);
    resized.observe(el);
    for (const child of el.children) resized.observe(child);
    el.addEventListener('scroll', update, { passive: true });
    return () => {
      resized.disconnect();
      el.removeEventListener('scroll', update);
    };
  });

  const page = (direction: 'up' | 'down') => {
    const el = body.current;
    if (!el) return;
    const box = el.getBoundingClientRect();
    const items = [...el.querySelectorAll('button')].map((b) => {
      const r = b.getBoundingClientRect();
      return { top: r.top - box.top + el.scrollTop, bottom: r.bottom - box.top + el.scrollTop };
    });
    const top = pageTarget(
      direction,
      { scrollTop: el.scrollTop, height: el.clientHeight, maxScrollTop: el.scrollHeight - el.clientHeight },
      items,
      // The list's faded edge: a choice brought to the top starts below it.
      parseFloat(getComputedStyle(el).scrollPaddingTop) || 0,
    );
    const still = matchMedia('(prefers-reduced-motion: reduce)').matches;
    el.scrollTo({ top, behavior: still ? 'auto' : 'smooth' });
  };

  const fades = [
    room.overflows && room.above ? 'more-above' : '',
    room.overflows && room.below ? 'more-below' : '',
  ];
  return (
    <div class="content">
      <main class={['body', ...fades].filter(Boolean).join(' ')} ref={body}>
        {children}
      </main>
      {room.kept && (
        <nav class={room.overflows ? 'pager' : 'pager idle'} aria-label={t.pagerLabel}>
          <button
            type="button"
            class="pager-button"
            data-scroll="up"
            aria-disabled={room.above ? undefined : 'true'}
            onClick={() => room.above && page('up')}
          >
            <span aria-hidden="true">↑ </span>
            {t.scrollUp}
          </button>
          <button
            type="button"
            class="pager-button pager-more"
            data-scroll="down"
            aria-disabled={room.below ? undefined : 'true'}
            onClick={() => room.below && page('down')}
          >
            {matters ? t.moreMatters : t.moreBelow}
            <span aria-hidden="true"> ↓</span>
          </button>
        </nav>
      )}
    </div>
  );
}
