import type { Language } from '@numerek/shared';
import { STRINGS } from '../i18n.ts';
import { readyToConfirm } from './booking-text.ts';

interface Props {
  lang: Language;
  code: string;
  /** What is typed: the booking's code, or the phone number given when booking. */
  by: 'code' | 'phone';
  /** Whether the office lets clients check in with their phone number (then both are offered). */
  phoneAllowed: boolean;
  onBy: (by: 'code' | 'phone') => void;
  onDigit: (digit: string) => void;
  onDelete: () => void;
  onConfirm: () => void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * The keypad for a booking's 6-digit code (or, where the office allows it, the phone number given
 * when booking): large keys in telephone order, the digits typed so far read out by screen readers
 * as they change, a key to delete the last one, and "confirm" once enough is typed.
 */
export function BookingCodeScreen({
  lang,
  code,
  by,
  phoneAllowed,
  onBy,
  onDigit,
  onDelete,
  onConfirm,
}: Props) {
  const t = STRINGS[lang];
  const full = readyToConfirm(code, by);
  return (
    <div class="booking-code">
      {phoneAllowed && (
        <div class="check-in-by" role="group" aria-label={t.checkInBy}>
          {(['code', 'phone'] as const).map((b) => (
            <button
              type="button"
              key={b}
              class="check-in-by-choice"
              data-check-in-by={b}
              aria-pressed={by === b}
              onClick={() => onBy(b)}
            >
              {b === 'code' ? t.byCode : t.byPhone}
            </button>
          ))}
        </div>
      )}
      <p class="code-typed" aria-label={by === 'phone' ? t.bookingPhoneLabel : t.bookingCodeLabel}>
        <output aria-live="polite" data-booking-code={code}>
          {code.length ? code.split('').join(' ') : <span class="code-empty">{t.bookingCodeEmpty}</span>}
        </output>
      </p>
      <div class="keypad" role="group" aria-label={t.bookingCodeTitle}>
        {KEYS.map((k) => (
          <button type="button" key={k} class="key" data-key={k} onClick={() => onDigit(k)}>
            {k}
          </button>
        ))}
        <button
          type="button"
          class="key delete"
          data-key="delete"
          onClick={onDelete}
          aria-label={t.deleteDigit}
        >
          <span aria-hidden="true">⌫</span>
        </button>
        <button type="button" class="key" data-key="0" onClick={() => onDigit('0')}>
          0
        </button>
      </div>
      <button
        type="button"
        class="primary confirm-code"
        data-confirm-code=""
        aria-disabled={full ? undefined : 'true'}
        onClick={() => full && onConfirm()}
      >
        {t.confirmCode}
      </button>
    </div>
  );
}
