import { describe, expect, it } from 'vitest';
import { STRINGS } from '../i18n.ts';
import { BOOK_LANGUAGES, BOOK_TEXT, dayLabel, errorText, preferredLanguage } from './book-text.ts';

describe('the booking page text', () => {
  it('puts every refusal of the API into the reader’s words, never the English message', () => {
    const reasons = [
      'not_bookable',
      'not_a_slot',
      'slot_full',
      'contact_required',
      'not_live',
      'confirm_required',
    ];
    for (const lang of BOOK_LANGUAGES) {
      const e = BOOK_TEXT[lang].errors;
      for (const reason of reasons)
        expect(errorText('BOOKING_UNAVAILABLE', { reason }, lang)).toBe(e[reason as keyof typeof e]);
      expect(errorText('BOOKING_UNAVAILABLE', { reason: 'contact_limit', count: 2 }, lang)).toContain('2');
      expect(errorText('BOOKING_CONFIRM_FAILED', { reason: 'wrong_code' }, lang)).toBe(e.wrong_code);
      expect(errorText('BOOKING_CONFIRM_FAILED', { reason: 'code_expired' }, lang)).toBe(e.code_expired);
      expect(errorText('VALIDATION_FAILED', { field: 'contact' }, lang)).toBe(e.contact);
      expect(errorText('RATE_LIMITED', { retryAfterSeconds: 600 }, lang)).toContain('10');
      expect(errorText('NOT_FOUND', {}, lang)).toBe(e.notFound);
      expect(errorText('NETWORK', {}, lang)).toBe(e.offline);
      expect(errorText('INTERNAL', {}, lang)).toBe(e.other);
    }
  });

  it('names the kiosk’s button for bookings by the label the kiosk itself shows, in every language', () => {
    for (const lang of BOOK_LANGUAGES) {
      const label = STRINGS[lang].haveBooking;
      expect(BOOK_TEXT[lang].codeHint, lang).toMatch(new RegExp(`[„“«]${label}[”»]`));
    }
  });

  it('starts in the browser’s language when it is one of ours, else in Polish', () => {
    expect(preferredLanguage(['uk-UA', 'en'])).toBe('uk');
    expect(preferredLanguage(['de-DE', 'en-GB'])).toBe('en');
    expect(preferredLanguage(['de-DE'])).toBe('pl');
  });

  it('names the day in each language', () => {
    expect(dayLabel('2026-04-14', 'pl')).toBe('wtorek, 14 kwietnia');
    expect(dayLabel('2026-04-14', 'en')).toBe('Tuesday, April 14');
    expect(dayLabel('2026-04-14', 'uk')).toContain('вівторок');
  });
});
