import type { TicketState } from '@numerek/shared';
import { ApiError } from './api.ts';
import { labelOf } from './console/labels.ts';
import { sentence, weekdayIn, type Strings } from './i18n.ts';
import type { Sentence } from './i18n/pl.ts';

/**
 * What went wrong, in the reader's language: from the error's code, its case (`params.reason`)
 * and its values, never from the server's English message. Anything that is not an answer of
 * the API (a bug in the page) reads as a server error.
 */
export function errorText(t: Strings, error: unknown): string {
  if (!(error instanceof ApiError)) return sentence(t.errors.INTERNAL, {});
  const params: Record<string, string | number> = { ...error.params };
  if (typeof params.state === 'string') params.state = labelOf<TicketState>(t.ticketStates, params.state);
  const day = params.day;
  if (typeof day === 'number')
    params.day = Number.isInteger(day) && day >= 1 && day <= 7 ? weekdayIn(t.locale, day) : '';
  const reason = params.reason;
  if (reason !== undefined && Object.hasOwn(t.errorReasons, error.code)) {
    const cases: Readonly<Record<string, Sentence>> =
      t.errorReasons[error.code as keyof Strings['errorReasons']];
    if (Object.hasOwn(cases, reason)) return sentence(cases[reason] ?? '', params);
  }
  return sentence(labelOfSentence(t, error.code), params);
}

/** The code's sentence; a code from a newer server reads as a server error. */
function labelOfSentence(t: Strings, code: string): Sentence {
  return Object.hasOwn(t.errors, code) ? t.errors[code as keyof Strings['errors']] : t.errors.INTERNAL;
}
