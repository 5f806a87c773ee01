import type { Language, PublicCategory } from '@numerek/shared';
import type { ComponentChildren } from 'preact';
import { KIOSK_LANGUAGES, STRINGS } from './i18n.ts';
import { issueErrorText, pairingErrorText, type KioskState, type Screen } from './model.ts';
import { Pictogram } from './Pictogram.tsx';
import { CategoriesScreen, LanguageScreen, PriorityScreen, TicketScreen } from './Screens.tsx';

/** What a screen puts in the kiosk's frame: its heading, a hint below it, its body and its way back. */
export interface ScreenContent {
  title: ComponentChildren;
  hint: string | null;
  body: ComponentChildren;
  nav: ComponentChildren[];
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
  done: () => void;
  /** The client read why a pairing link was refused. */
  dismissPairingError: () => void;
}

/** One screen of the kiosk's flow, or one of its exceptional screens. */
export function screenContent(input: ScreenInput): ScreenContent {
  const { screen, lang, state, go } = input;
  const t = STRINGS[lang];
  const nav: ComponentChildren[] = [];
  const back = (to: Screen, label = t.back) =>
    nav.push(
      <button type="button" class="nav-button" key={label} onClick={() => go(to)}>
        <span aria-hidden="true">← </span>
        {label}
      </button>,
    );
  const message = (picto: 'warning' | 'closed', text: string, more: ComponentChildren = null) => (
    <div class="message">
      <Pictogram name={picto} class="message-picto" />
      <p>{text}</p>
      {more}
    </div>
  );
  switch (screen) {
    case 'language':
      return {
        title: KIOSK_LANGUAGES.map((l) => (
          <span key={l} lang={l} class="multi">
            {STRINGS[l].chooseLanguage}
          </span>
        )),
        hint: null,
        body: <LanguageScreen onChoose={input.chooseLanguage} />,
        nav,
      };
    case 'categories':
      back('language');
      return {
        title: t.chooseCategory,
        hint: t.chooseCategoryHint,
        body: (
          <CategoriesScreen
            lang={lang}
            categories={state.categories}
            onChoose={input.chooseCategory}
            onUnavailable={input.unavailable}
          />
        ),
        nav,
      };
    case 'priority':
      back('categories');
      back('language', t.startOver);
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
        nav,
      };
    case 'issuing':
      return { title: t.issuing, hint: null, body: null, nav };
    case 'ticket':
      return {
        title: t.yourNumber,
        hint: null,
        body: state.ticket && (
          <TicketScreen
            lang={lang}
            ticket={state.ticket}
            category={state.categories.find((c) => c.id === state.ticket?.categoryId) ?? state.category}
            qr={input.qr}
            onDone={input.done}
          />
        ),
        nav,
      };
    case 'issueError':
      back('language', t.startOver);
      return {
        title: t.issueFailedTitle,
        hint: null,
        body: message(
          'warning',
          issueErrorText(state.errorCode, lang),
          <button type="button" class="primary" onClick={() => go('categories')}>
            {t.tryAgain}
          </button>,
        ),
        nav,
      };
    case 'unpaired':
      return { title: t.unpairedTitle, hint: null, body: message('closed', t.unpairedText), nav };
    case 'pairingFailed':
      return {
        title: t.pairingFailedTitle,
        hint: null,
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
        nav,
      };
    case 'outOfOrder':
      return {
        title: t.outOfOrderTitle,
        hint: null,
        body: (
          <div class="message" role="status">
            <Pictogram name="warning" class="message-picto" />
            <p>{t.outOfOrderText}</p>
          </div>
        ),
        nav,
      };
  }
}
