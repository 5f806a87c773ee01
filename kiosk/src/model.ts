import type { ApiErrorCode } from '@numerek/shared/client';
import type {
  ErrorCode,
  ErrorParams,
  IssuedTicket,
  Language,
  PublicCategory,
  PublicPriorityGroup,
} from '@numerek/shared';
import { STRINGS, countOf, countPeople, fill } from './i18n.ts';
import { clock, formatWait, openingText } from './format.ts';

/** The kiosk's screens, in the order a client meets them, then the exceptional ones. */
export const SCREENS = [
  'language',
  'categories',
  'priority',
  'issuing',
  'ticket',
  'issueError',
  'bookingCode',
  'checkingIn',
  'bookingRefused',
  'unpaired',
  'pairingFailed',
  'outOfOrder',
] as const;
export type Screen = (typeof SCREENS)[number];

/** What the screens show; the speech text and the views are both functions of it. */
export interface KioskState {
  categories: readonly PublicCategory[];
  groups: readonly PublicPriorityGroup[];
  /** The category the client chose, once chosen. */
  category: PublicCategory | null;
  interpreter: boolean;
  ticket: IssuedTicket | null;
  /** Why issuing failed, on the issueError screen. */
  issueFailure: IssueFailure | null;
  /** Why a pairing link was refused, on the pairingFailed screen. */
  pairingError: ErrorCode | null;
  /** The digits of a booking's code (or phone number) typed so far, on the bookingCode screen. */
  bookingCode: string;
  /** What the client checks in with: the booking's code, or the phone number where the office allows it. */
  checkInBy: 'code' | 'phone';
  /** Whether the office lets clients check in with their phone number. */
  phoneCheckIn: boolean;
  /** Why a check-in was refused, on the bookingRefused screen. */
  checkInFailure: IssueFailure | null;
}

export const EMPTY_STATE: KioskState = {
  categories: [],
  groups: [],
  category: null,
  interpreter: false,
  ticket: null,
  issueFailure: null,
  pairingError: null,
  bookingCode: '',
  checkInBy: 'code',
  phoneCheckIn: false,
  checkInFailure: null,
};

/** A refused issue: the error's code and the values the server sent with it (ErrorParams). */
export interface IssueFailure {
  code: ApiErrorCode;
  params: ErrorParams;
}

/** A category tile's state in words, so colour is never the only cue (K5). */
export interface CategoryView {
  available: boolean;
  /** "Zamknięte" / "Niedostępne", or "" when a ticket can be taken. */
  badge: string;
  /** Hours, the reason, or how many wait and for how long. */
  detail: string;
}

export function categoryView(c: PublicCategory, lang: Language): CategoryView {
  const t = STRINGS[lang];
  switch (c.status) {
    case 'open':
      return {
        available: true,
        badge: '',
        detail: `${fill(t.waitingPeople, { n: countPeople(c.waiting, lang) })}. ${
          c.nobodyServing
            ? t.nobodyServing
            : `${fill(t.waitAbout, { wait: formatWait(c.estimatedWait, lang) })}.`
        }`,
      };
    case 'closed':
      return { available: false, badge: t.closed, detail: `${openingText(c.openingHours, lang)}.` };
    case 'no_counter':
      return { available: false, badge: t.unavailable, detail: t.noCounter };
    case 'limit_reached':
      return { available: false, badge: t.unavailable, detail: t.limitReached };
    case 'closing':
      return { available: false, badge: t.unavailable, detail: t.closingSoon };
  }
}

/**
 * What the ticket says of the wait: the range, or, while no counter may call the ticket, that
 * nobody serves the matter now and the client will be called when a counter opens.
 */
export function waitOf(ticket: IssuedTicket, lang: Language): string {
  return ticket.nobodyServing ? STRINGS[lang].nobodyServing : formatWait(ticket.estimatedWait, lang);
}

/** Where to go: "Stanowiska 1, 2", or "" when no counter serves the category yet. */
export function countersText(ticket: IssuedTicket, lang: Language): string {
  const t = STRINGS[lang];
  const numbers = [...ticket.counters].sort((a, b) => a.number - b.number).map((c) => c.number);
  if (numbers.length === 0) return '';
  return `${numbers.length === 1 ? t.counter : t.counters} ${numbers.join(', ')}.`;
}

/** The plain message for a failed print (K12), or null when the ticket printed, is printing or no printer is set. */
export function printMessage(ticket: IssuedTicket, lang: Language): string | null {
  if (ticket.print.state !== 'failed') return null;
  const t = STRINGS[lang];
  return ticket.print.reason === 'paper_out' || ticket.print.reason === 'paper_near_end'
    ? t.printFailedPaper
    : t.printFailed;
}

/**
 * What the client is told of the printed copy: "printing…" while the printer has not answered,
 * the failure message, or "take your ticket from the printer below".
 */
export function printText(ticket: IssuedTicket, lang: Language): string {
  const t = STRINGS[lang];
  return ticket.print.state === 'pending' ? t.printPending : (printMessage(ticket, lang) ?? t.takeTicket);
}

/** A time of day as the server sends it (HH:MM), as the kiosk writes it, or null. */
function timeParam(v: string | number | undefined): string | null {
  return typeof v === 'string' && /^\d{2}:\d{2}$/.test(v) ? clock(v) : null;
}

/**
 * What a failed issue tells the client, by error code and its values (never the API's English
 * message). Every code has a sentence: those of a refusal the client can act on name why, and
 * when to come back or try again if the server said; any other asks to try again or ask at the desk.
 */
export function issueErrorText(failure: IssueFailure | null, lang: Language): string {
  const t = STRINGS[lang];
  const params = failure?.params ?? {};
  switch (failure?.code) {
    case 'CATEGORY_CLOSED': {
      if (params.reason === 'no_counter') return t.noCounter;
      // `day` is the ISO weekday it opens next (1 Monday … 7 Sunday), `time` the hour.
      const day = typeof params.day === 'number' ? t.onDay[params.day - 1] : undefined;
      const time = timeParam(params.time);
      return day && time ? `${t.issueClosed} ${fill(t.issueComeBack, { day, time })}` : t.issueClosed;
    }
    // NOT_FOUND: the category was removed while the client was choosing.
    case 'CATEGORY_INACTIVE':
    case 'NOT_FOUND':
      return t.issueClosed;
    case 'DAILY_LIMIT_REACHED':
      return t.issueLimit;
    case 'WAIT_PAST_CLOSING': {
      const time = timeParam(params.time);
      return time ? fill(t.issuePastClosingAt, { time }) : t.issuePastClosing;
    }
    case 'RATE_LIMITED': {
      const s = params.retryAfterSeconds;
      return typeof s === 'number' && Number.isInteger(s) && s > 0
        ? fill(t.issueRateLimitedFor, { wait: countOf(s, t.seconds, lang) })
        : t.issueRateLimited;
    }
    default:
      return t.issueOther;
  }
}

/** Why a pairing link was refused, in words: the server's codes, never its English message. */
export function pairingErrorText(code: ErrorCode | null, lang: Language): string {
  const t = STRINGS[lang];
  switch (code) {
    case 'PAIRING_CODE_EXPIRED':
      return t.pairingExpired;
    case 'PAIRING_CODE_USED':
      return t.pairingUsed;
    default:
      return t.pairingInvalid;
  }
}

/** Seconds of warning before the kiosk goes back to the start: at least 20 (K7), twice that with speech. */
export function warningSeconds(speech: boolean): number {
  return speech ? 60 : 30;
}

/**
 * Seconds without a touch before the warning, or null where the kiosk never times out (the
 * start, and screens the client cannot act on). Longer with speech, and when the printer failed
 * and the client must note the number.
 */
export function idleSeconds(screen: Screen, speech: boolean, ticket: IssuedTicket | null): number | null {
  const factor = speech ? 2 : 1;
  switch (screen) {
    case 'categories':
    case 'priority':
    case 'issueError':
    case 'bookingCode':
    case 'bookingRefused':
      return 60 * factor;
    case 'ticket':
      return (ticket?.print.state === 'failed' ? 60 : 15) * factor;
    default:
      return null;
  }
}
