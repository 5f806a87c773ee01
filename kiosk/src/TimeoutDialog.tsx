import type { Language } from '@numerek/shared';
import { STRINGS, fill } from './i18n.ts';

/**
 * "Are you still there?" (K7): counts down the seconds before the kiosk goes back to the start.
 * A tap anywhere, or the button (focused at once), answers it.
 */
export function TimeoutDialog({
  lang,
  remaining,
  onContinue,
}: {
  lang: Language;
  remaining: number;
  onContinue: () => void;
}) {
  const t = STRINGS[lang];
  return (
    <div class="backdrop" onClick={onContinue}>
      <div role="alertdialog" aria-modal="true" aria-labelledby="timeout-title" class="dialog">
        <h2 id="timeout-title">{t.timeoutTitle}</h2>
        <p aria-live="polite">{fill(t.timeoutText, { s: remaining })}</p>
        <button
          type="button"
          class="primary"
          ref={(el) => el?.focus({ preventScroll: true })}
          onClick={onContinue}
        >
          {t.continue}
        </button>
      </div>
    </div>
  );
}
