/** An item of a scrolled list, by its top and bottom edges from the top of the list's content. */
export interface Extent {
  top: number;
  bottom: number;
}

/** The visible part of a scrolled list: how far it is scrolled, how tall it shows, how far it can go. */
export interface View {
  scrollTop: number;
  height: number;
  maxScrollTop: number;
}

/** A page that cannot be aligned to an item moves by this share of the visible height. */
const FALLBACK_SHARE = 0.8;

/**
 * Where to scroll a list for its next page down or up, so that no item is only ever seen in part:
 * down, the first item cut off at the bottom comes to the top (`margin` below the list's edge); up,
 * the last item cut off at the top comes to the bottom. An item taller than the view, or no item
 * at all, moves the list by most of a view.
 */
export function pageTarget(
  direction: 'up' | 'down',
  view: View,
  items: readonly Extent[],
  margin: number,
): number {
  const { scrollTop, height, maxScrollTop } = view;
  const bottom = scrollTop + height;
  const clamp = (n: number) => Math.min(maxScrollTop, Math.max(0, Math.round(n)));
  if (direction === 'down') {
    const next = items.find((i) => i.bottom > bottom + 1 && i.top > scrollTop + 1);
    const target = next ? next.top - margin : Number.NaN;
    return clamp(target > scrollTop + 1 ? target : scrollTop + height * FALLBACK_SHARE);
  }
  const previous = items.findLast((i) => i.top < scrollTop - 1 && i.bottom < bottom - 1);
  const target = previous ? previous.bottom + margin - height : Number.NaN;
  return clamp(target < scrollTop - 1 ? target : scrollTop - height * FALLBACK_SHARE);
}
