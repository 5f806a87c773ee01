import type { Language } from '@numerek/shared';
import { STRINGS } from '../i18n.ts';
import { BOOKING_CODE_LENGTH } from './booking-text.ts';

interface Props {
  lang: Language;
  code: string;
  onDigit: (digit: string) => void;
  onDelete: () => void;
  onConfirm: () => void;
}

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/**
 * The keypad for a booking's 6-digit code: large keys in telephone order, the digits typed so far
 * read out by screen readers as they change, a key to delete the last one, and "confirm" once all
 * six are typed.
 */
export function BookingCodeScreen({ lang, code, onDigit, onDelete, onConfirm }: Props) {
  const t = STRINGS[lang];
  const full = code.length === BOOKING_CODE_LENGTH;
  return (
    <div class="booking-code">
      <p class="code-typed" aria-label={t.bookingCodeLabel}>
        <output aria-live="polite" data-booking-code={code}>
          {code.length ? code.split('').join(' ') : t.bookingCodeEmpty}
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
