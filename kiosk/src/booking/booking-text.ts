import type { Language } from '@numerek/shared';
import { STRINGS, countOf, fill } from '../i18n.ts';
import { clock } from '../format.ts';
import type { IssueFailure } from '../model.ts';

/** The digits a booking's code has. */
export const BOOKING_CODE_LENGTH = 6;
/** The digits a phone number may have (a Polish one has 9; with a country code up to 15). */
export const PHONE_MIN_DIGITS = 9;
export const PHONE_MAX_DIGITS = 15;

/** The code (or number) with one more digit, or as it was when it is full or the key is no digit. */
export function typeDigit(code: string, digit: string, by: 'code' | 'phone' = 'code'): string {
  const max = by === 'phone' ? PHONE_MAX_DIGITS : BOOKING_CODE_LENGTH;
  return /^[0-9]$/.test(digit) && code.length < max ? code + digit : code;
}

/** Whether enough has been typed to confirm: all six digits of a code, or a whole phone number. */
export function readyToConfirm(code: string, by: 'code' | 'phone'): boolean {
  return by === 'phone' ? code.length >= PHONE_MIN_DIGITS : code.length === BOOKING_CODE_LENGTH;
}

function timeOf(v: string | number | undefined): string | null {
  return typeof v === 'string' && /^\d{2}:\d{2}$/.test(v) ? clock(v) : null;
}

/** A ticket's code as the server sends it (A017), or null. */
function ticketOf(v: string | number | undefined): string | null {
  return typeof v === 'string' && /^[A-Z]{1,3}\d{1,4}$/.test(v) ? v : null;
}

/**
 * Why a check-in was refused, in plain words (never the API's English message): too early (with
 * the slot's time and when check-in opens), too late (a normal ticket is offered), an unknown code,
 * a code already checked in (with the ticket it got), or the kiosk slowed down after wrong codes.
 */
export function checkInRefusalText(
  failure: IssueFailure | null,
  lang: Language,
  by: 'code' | 'phone' = 'code',
): string {
  const t = STRINGS[lang];
  const params = failure?.params ?? {};
  if (failure?.code === 'CHECK_IN_REFUSED') {
    const time = timeOf(params.time);
    const minutes = typeof params.count === 'number' && params.count > 0 ? params.count : null;
    switch (params.reason) {
      case 'too_early':
        if (time && minutes)
          return fill(t.bookingTooEarly, { time, wait: countOf(minutes, t.minutes, lang) });
        break;
      case 'too_late':
        if (time) return fill(t.bookingTooLate, { time });
        break;
      case 'unknown_code':
        return by === 'phone' ? t.bookingUnknownPhone : t.bookingUnknownCode;
      case 'checked_in': {
        const ticket = ticketOf(params.ticket);
        return ticket ? fill(t.bookingCheckedIn, { ticket }) : t.bookingCheckedInNoTicket;
      }
    }
  }
  if (failure?.code === 'RATE_LIMITED') {
    const s = params.retryAfterSeconds;
    if (typeof s === 'number' && Number.isInteger(s) && s > 0)
      return fill(t.bookingSlowed, { wait: countOf(s, t.seconds, lang) });
  }
  return t.bookingOther;
}

/** Whether typing the code again may help (an unknown code), rather than only a normal ticket. */
export function mayRetype(failure: IssueFailure | null): boolean {
  return (
    (failure?.code === 'CHECK_IN_REFUSED' && failure.params.reason === 'unknown_code') ||
    failure?.code === 'RATE_LIMITED'
  );
}
