import type { Language } from '@numerek/shared';
import { STRINGS, countPeople, fill, nameIn } from './i18n.ts';
import { checkInRefusalText } from './booking/booking-text.ts';
import { spokenCode } from './format.ts';
import {
  categoryView,
  countersText,
  issueErrorText,
  pairingErrorText,
  printText,
  waitOf,
  type KioskState,
  type Screen,
} from './model.ts';

/**
 * The text the read-aloud mode speaks for a screen (K6): the title, every choice and, for the
 * issued ticket, its number, category, people ahead, wait and where to go. Pure, so tests call it.
 */
export function speechFor(screen: Screen, state: KioskState, lang: Language): string {
  const t = STRINGS[lang];
  const parts: string[] = [];
  switch (screen) {
    case 'language':
      parts.push(`${t.chooseLanguage}.`, t.chooseLanguageHint, 'Polski. English. Українська.');
      break;
    case 'categories': {
      parts.push(`${t.chooseCategory}.`);
      if (state.categories.length === 0) parts.push(t.noCategories);
      for (const c of state.categories) {
        const v = categoryView(c, lang);
        parts.push(`${nameIn(c.names, lang)}: ${v.badge ? `${v.badge}. ` : ''}${v.detail}`);
      }
      break;
    }
    case 'priority':
      parts.push(t.priorityTitle, t.priorityHint, `${t.noPriority}.`, t.withPriority);
      parts.push(state.groups.map((g) => `${nameIn(g.names, lang)}.`).join(' '));
      parts.push(`${t.interpreter}: ${state.interpreter ? t.on : t.off}.`);
      break;
    case 'issuing':
      parts.push(t.issuing);
      break;
    case 'ticket': {
      const ticket = state.ticket;
      if (!ticket) break;
      const category = state.categories.find((c) => c.id === ticket.categoryId) ?? state.category;
      parts.push(`${t.yourNumber}: ${spokenCode(ticket.code)}.`);
      if (category) parts.push(`${t.category}: ${nameIn(category.names, lang)}.`);
      parts.push(`${t.peopleAhead}: ${countPeople(ticket.peopleAhead, lang)}.`);
      // With nobody serving, the sentence stands alone: no "waiting time" before it.
      parts.push(ticket.nobodyServing ? t.nobodyServing : `${t.estimatedWait}: ${waitOf(ticket, lang)}.`);
      parts.push(`${t.whereToGo}: ${countersText(ticket, lang)}`.trim(), t.watchScreen);
      if (ticket.bookedFor) parts.push(`${fill(t.bookedFor, { time: ticket.bookedFor })}.`);
      if (ticket.interpreter) parts.push(t.interpreterRequested);
      parts.push(printText(ticket, lang));
      break;
    }
    case 'issueError':
      parts.push(`${t.issueFailedTitle}.`, issueErrorText(state.issueFailure, lang));
      break;
    case 'bookingCode':
      if (state.checkInBy === 'phone') parts.push(`${t.bookingPhoneTitle}.`, t.bookingPhoneHint);
      else parts.push(`${t.bookingCodeTitle}.`, t.bookingCodeHint);
      break;
    case 'checkingIn':
      parts.push(t.checkingIn);
      break;
    case 'bookingRefused':
      parts.push(
        `${t.bookingRefusedTitle}.`,
        checkInRefusalText(state.checkInFailure, lang, state.checkInBy),
      );
      break;
    case 'unpaired':
      parts.push(`${t.unpairedTitle}.`, t.unpairedText);
      break;
    case 'pairingFailed':
      parts.push(`${t.pairingFailedTitle}.`, pairingErrorText(state.pairingError, lang));
      break;
    case 'outOfOrder':
      parts.push(`${t.outOfOrderTitle}.`, t.outOfOrderText);
      break;
  }
  return parts.filter(Boolean).join(' ');
}

export { speak, stopSpeaking } from './speak.ts';
