import type { Language, PublicCategory } from '@numerek/shared';
import type { ComponentChildren } from 'preact';
import { KIOSK_LANGUAGES, STRINGS } from './i18n.ts';
import { issueErrorText, pairingErrorText, type KioskState, type Screen } from './model.ts';
import { Hyphenated } from './Hyphenated.tsx';
import { Pictogram } from './Pictogram.tsx';
import { CategoriesScreen, LanguageScreen, PriorityScreen, TicketScreen } from './Screens.tsx';
import { BookingCodeScreen } from './booking/BookingCodeScreen.tsx';
import { checkInRefusalText, mayRetype } from './booking/booking-text.ts';

/** A button back to an earlier screen. */
export interface Back {
  to: Screen;
  label: string;
}

/** What a screen puts in the kiosk's frame: its heading, a hint below it, its body and its ways back. */
export interface ScreenContent {
  title: ComponentChildren;
  hint?: string;
  body: ComponentChildren;
  back?: readonly Back[];
}

/** What the screens show and what a client's choices on them do. */
export interface ScreenInput {
  screen: Screen;
  lang: Language;
  state: KioskState;
  qr: string | null;
  /** Whether the kiosk has a token of its own (a refused link then leaves it paired). */
  paired: boolean;
  go: (screen: Screen) => void;
  chooseLanguage: (lang: Language) => void;
  chooseCategory: (category: PublicCategory) => void;
  /** A tap on a category that takes no tickets now: say why. */
  unavailable: (category: PublicCategory) => void;
  setInterpreter: (on: boolean) => void;
  issue: (priorityGroupId: string | null) => void;
  /** "I have a booking": the keypad for its code. */
  startBooking: () => void;
  /** The keypad takes the booking's code, or the phone number where the office allows it. */
  checkInBy: (by: 'code' | 'phone') => void;
  typeDigit: (digit: string) => void;
  deleteDigit: () => void;
  checkIn: () => void;
  done: () => void;
  /** The client read why a pairing link was refused. */
  dismissPairingError: () => void;
}

/** One screen of the kiosk's flow, or one of its exceptional screens. */
export function screenContent(input: ScreenInput): ScreenContent {
  const { screen, lang, state, go } = input;
  const t = STRINGS[lang];
  const message = (picto: 'warning' | 'closed', text: string, more: ComponentChildren = null) => (
    <div class="message">
      <Pictogram name={picto} class="message-picto" />
      <p>{text}</p>
      {more}
    </div>
  );
  const startOver: Back = { to: 'language', label: t.startOver };
  switch (screen) {
    case 'language':
      return {
        title: KIOSK_LANGUAGES.map((l) => (
          <span key={l} lang={l} class="multi">
            {STRINGS[l].chooseLanguage}
          </span>
        )),
        body: <LanguageScreen onChoose={input.chooseLanguage} />,
      };
    case 'categories':
      return {
        title: t.chooseCategory,
        hint: t.chooseCategoryHint,
        body: (
          <>
            <button type="button" class="booking-entry" data-booking-entry="" onClick={input.startBooking}>
              <Pictogram name="ticket" class="tile-picto" />
              <span class="tile-text">
                <span class="tile-name">
                  <Hyphenated text={t.haveBooking} lang={lang} />
                </span>
                <span class="tile-detail">
                  <Hyphenated
                    text={state.phoneCheckIn ? t.haveBookingHintPhone : t.haveBookingHint}
                    lang={lang}
                  />
                </span>
              </span>
            </button>
            <CategoriesScreen
              lang={lang}
              categories={state.categories}
              onChoose={input.chooseCategory}
              onUnavailable={input.unavailable}
            />
          </>
        ),
        back: [{ to: 'language', label: t.back }],
      };
    case 'priority':
      return {
        title: t.priorityTitle,
        hint: t.priorityHint,
        body: (
          <PriorityScreen
            lang={lang}
            groups={state.groups}
            interpreter={state.interpreter}
            onInterpreter={input.setInterpreter}
            onChoose={input.issue}
          />
        ),
        back: [{ to: 'categories', label: t.back }, startOver],
      };
    case 'issuing':
      return { title: t.issuing, body: null };
    case 'ticket':
      return {
        title: t.yourNumber,
        body: state.ticket && (
          <TicketScreen
            lang={lang}
            ticket={state.ticket}
            category={state.categories.find((c) => c.id === state.ticket?.categoryId) ?? state.category}
            qr={input.qr}
            onDone={input.done}
          />
        ),
      };
    case 'issueError':
      return {
        title: t.issueFailedTitle,
        body: message(
          'warning',
          issueErrorText(state.issueFailure, lang),
          <button type="button" class="primary" onClick={() => go('categories')}>
            {t.tryAgain}
          </button>,
        ),
        back: [startOver],
      };
    case 'bookingCode':
      return {
        title: state.checkInBy === 'phone' ? t.bookingPhoneTitle : t.bookingCodeTitle,
        hint: state.checkInBy === 'phone' ? t.bookingPhoneHint : t.bookingCodeHint,
        body: (
          <BookingCodeScreen
            lang={lang}
            code={state.bookingCode}
            by={state.checkInBy}
            phoneAllowed={state.phoneCheckIn}
            onBy={input.checkInBy}
            onDigit={input.typeDigit}
            onDelete={input.deleteDigit}
            onConfirm={input.checkIn}
          />
        ),
        back: [{ to: 'categories', label: t.back }, startOver],
      };
    case 'checkingIn':
      return { title: t.checkingIn, body: null };
    case 'bookingRefused':
      return {
        title: t.bookingRefusedTitle,
        body: message(
          'warning',
          checkInRefusalText(state.checkInFailure, lang, state.checkInBy),
          <div class="message-actions">
            <button type="button" class="primary" data-normal-ticket="" onClick={() => go('categories')}>
              {t.takeNormalTicket}
            </button>
            {mayRetype(state.checkInFailure) && (
              <button type="button" class="secondary" onClick={input.startBooking}>
                {state.checkInBy === 'phone' ? t.typePhoneAgain : t.typeCodeAgain}
              </button>
            )}
          </div>,
        ),
        back: [startOver],
      };
    case 'unpaired':
      return { title: t.unpairedTitle, body: message('closed', t.unpairedText) };
    case 'pairingFailed':
      return {
        title: t.pairingFailedTitle,
        body: message(
          'warning',
          pairingErrorText(state.pairingError, lang),
          input.paired && (
            <>
              <p>{t.pairingKept}</p>
              <button type="button" class="primary" onClick={input.dismissPairingError}>
                {t.pairingContinue}
              </button>
            </>
          ),
        ),
      };
    case 'outOfOrder':
      return {
        title: t.outOfOrderTitle,
        body: (
          <div class="message" role="status">
            <Pictogram name="warning" class="message-picto" />
            <p>{t.outOfOrderText}</p>
          </div>
        ),
      };
  }
}

/** The buttons back to earlier screens, if the screen has any. */
export function BackNav({ back, go }: { back: readonly Back[] | undefined; go: (screen: Screen) => void }) {
  if (!back?.length) return null;
  return (
    <nav class="nav">
      {back.map(({ to, label }) => (
        <button type="button" class="nav-button" key={label} onClick={() => go(to)}>
          <span aria-hidden="true">← </span>
          {label}
        </button>
      ))}
    </nav>
  );
}
