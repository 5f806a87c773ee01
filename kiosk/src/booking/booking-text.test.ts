import { describe, expect, it } from 'vitest';
import { KIOSK_LANGUAGES, STRINGS } from '../i18n.ts';
import type { IssueFailure } from '../model.ts';
import { checkInRefusalText, mayRetype, readyToConfirm, typeDigit } from './booking-text.ts';

const refused = (params: Record<string, string | number>): IssueFailure => ({
  code: 'CHECK_IN_REFUSED',
  params,
});

describe('the kiosk’s words for a refused check-in', () => {
  it('says why in every language, with the slot’s time and when check-in opens', () => {
    const cases: IssueFailure[] = [
      refused({ reason: 'too_early', time: '10:15', count: 12 }),
      refused({ reason: 'too_late', time: '10:15' }),
      refused({ reason: 'unknown_code' }),
      { code: 'RATE_LIMITED', params: { retryAfterSeconds: 30 } },
      { code: 'INTERNAL', params: {} },
    ];
    const seen = new Set<string>();
    for (const failure of cases) {
      const texts = KIOSK_LANGUAGES.map((lang) => checkInRefusalText(failure, lang));
      for (const text of texts) {
        expect(text).toMatch(/\p{L}{3}/u);
        expect(text).not.toMatch(/[{}]/);
        seen.add(text);
      }
      expect(new Set(texts).size).toBe(KIOSK_LANGUAGES.length);
    }
    expect(seen.size).toBe(cases.length * KIOSK_LANGUAGES.length);
    expect(checkInRefusalText(cases[0] ?? null, 'pl')).toBe(
      'Jest jeszcze za wcześnie. Twoja rezerwacja jest na 10:15. Potwierdzisz ją za 12 minut.',
    );
    expect(checkInRefusalText(cases[1] ?? null, 'en')).toContain('10:15');
    expect(checkInRefusalText(cases[3] ?? null, 'uk')).toContain('30 секунд');
  });

  it('says a code already checked in was confirmed, with the ticket it got, and offers no retyping', () => {
    const used = refused({ reason: 'checked_in', ticket: 'A002' });
    const texts = KIOSK_LANGUAGES.map((lang) => checkInRefusalText(used, lang));
    for (const [i, lang] of KIOSK_LANGUAGES.entries()) {
      expect(texts[i]).toContain('A002');
      expect(texts[i]).not.toBe(checkInRefusalText(refused({ reason: 'unknown_code' }), lang));
      // Without a readable ticket code it still says so, and shows nothing it was not sure of.
      for (const ticket of [undefined, 'a002; <b>', 17]) {
        const text = checkInRefusalText(
          refused(ticket === undefined ? { reason: 'checked_in' } : { reason: 'checked_in', ticket }),
          lang,
        );
        expect(text).toBe(STRINGS[lang].bookingCheckedInNoTicket);
      }
    }
    expect(new Set(texts).size).toBe(3);
    expect(texts[0]).toBe(
      'Ta rezerwacja została już potwierdzona. Twój numerek to A002. Patrz na ekran w poczekalni.',
    );
    expect(mayRetype(used)).toBe(false);
  });

  it('reads well without the values, and offers typing again only where it may help', () => {
    for (const lang of KIOSK_LANGUAGES) {
      expect(checkInRefusalText(refused({ reason: 'too_early' }), lang)).not.toMatch(/[{}]/);
      expect(checkInRefusalText(null, lang)).not.toMatch(/[{}]/);
    }
    expect(mayRetype(refused({ reason: 'unknown_code' }))).toBe(true);
    expect(mayRetype(refused({ reason: 'too_late' }))).toBe(false);
  });

  it('takes six digits and nothing else', () => {
    let code = '';
    for (const key of ['1', 'x', '2', '3', '4', '5', '6', '7']) code = typeDigit(code, key);
    expect(code).toBe('123456');
  });

  it('takes a phone number of 9 to 15 digits, and says an unknown number is a number, in every language', () => {
    let phone = '';
    for (const d of '4860010020012345678') phone = typeDigit(phone, d, 'phone');
    expect(phone).toBe('486001002001234');
    expect(readyToConfirm('60010020', 'phone')).toBe(false);
    expect(readyToConfirm('600100200', 'phone')).toBe(true);
    expect(readyToConfirm('600100', 'code')).toBe(true);
    expect(readyToConfirm('6001002', 'code')).toBe(false);
    const seen = new Set<string>();
    for (const lang of KIOSK_LANGUAGES) {
      const text = checkInRefusalText(refused({ reason: 'unknown_code' }), lang, 'phone');
      expect(text).not.toBe(checkInRefusalText(refused({ reason: 'unknown_code' }), lang, 'code'));
      seen.add(text);
    }
    expect(seen.size).toBe(3);
  });
});
