import type { IssuedTicket, Language, PublicCategory } from '@numerek/shared';
import { useCallback, useRef, useState } from 'preact/hooks';
import { ApiError, isUnreachable } from './api.ts';
import { useAssistive } from './assistive.ts';
import { initialScreen, useKioskConnection } from './connection.ts';
import { STRINGS, nameIn } from './i18n.ts';
import { useInactivity } from './inactivity.ts';
import { EMPTY_STATE, categoryView, type KioskState, type Screen } from './model.ts';
import { usePrintOutcome } from './print-outcome.ts';
import { ScreenBody } from './ScreenBody.tsx';
import { BackNav, screenContent } from './ScreenContent.tsx';
import { SettingsBar, type Modes } from './SettingsBar.tsx';
import { speak, speechFor, stopSpeaking } from './speech.ts';
import { TimeoutDialog } from './TimeoutDialog.tsx';
import { typeDigit } from './booking/booking-text.ts';

const DEFAULT_MODES: Modes = { highContrast: false, largeText: false, speech: false };

/** The kiosk: the ticket flow on top of its connection, display modes, inactivity and read-aloud. */
export function App() {
  const [screen, setScreen] = useState<Screen>(initialScreen);
  const [lang, setLang] = useState<Language>('pl');
  const [modes, setModes] = useState<Modes>(DEFAULT_MODES);
  const [state, setState] = useState<KioskState>(EMPTY_STATE);
  const [qr, setQr] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const main = useRef<HTMLElement>(null);
  const connection = useKioskConnection(screen, setScreen, setState);
  const { api, ready, load, fail } = connection;

  usePrintOutcome(
    connection.token,
    screen === 'ticket' && state.ticket?.print.state === 'pending' ? state.ticket.id : null,
    setState,
  );

  const reset = useCallback(() => {
    stopSpeaking();
    setLang('pl');
    setModes(DEFAULT_MODES);
    setState((s) => ({ ...EMPTY_STATE, categories: s.categories, groups: s.groups }));
    setQr(null);
    setScreen((s) => (s === 'unpaired' || s === 'outOfOrder' || s === 'pairingFailed' ? s : 'language'));
  }, []);
  const { warning, remaining, restart } = useInactivity(screen, modes.speech, state.ticket, reset);

  const speechText = speechFor(screen, state, lang);
  useAssistive({ screen, state, lang, modes, speechText, warning, remaining, heading, main });
  const speakNow = (text: string) => {
    if (modes.speech) speak(text, lang);
  };

  // One ticket per choice, even when a finger taps twice before the screen changes.
  const issuing = useRef(false);
  const issue = async (priorityGroupId: string | null) => {
    const category = state.category;
    if (!api || !category || issuing.current) return;
    issuing.current = true;
    setScreen('issuing');
    let ticket: IssuedTicket;
    try {
      ticket = await api.issue({
        categoryId: category.id,
        language: lang,
        ...(priorityGroupId ? { priorityGroupId } : {}),
        ...(state.interpreter ? { interpreter: true } : {}),
      });
    } catch (error) {
      if (error instanceof ApiError && !isUnreachable(error) && error.status !== 401) {
        setState((s) => ({ ...s, issueFailure: { code: error.code, params: error.params } }));
        setScreen('issueError');
        // The category's state changed since the list was loaded: show the new one.
        load().catch(() => undefined);
      } else {
        if (isUnreachable(error)) connection.lost();
        fail(error);
      }
      return;
    } finally {
      issuing.current = false;
    }
    setQr(null);
    setState((s) => ({ ...s, ticket }));
    setScreen('ticket');
    void api.qr(ticket.id).then(setQr);
    load().catch(() => undefined);
  };

  const checkingIn = useRef(false);
  const checkIn = async () => {
    const code = state.bookingCode;
    if (!api || checkingIn.current) return;
    checkingIn.current = true;
    setScreen('checkingIn');
    let ticket: IssuedTicket;
    try {
      ticket = await api.checkIn(
        state.checkInBy === 'phone' ? { phone: code, language: lang } : { code, language: lang },
      );
    } catch (error) {
      if (error instanceof ApiError && !isUnreachable(error) && error.status !== 401) {
        setState((s) => ({
          ...s,
          bookingCode: '',
          checkInFailure: { code: error.code, params: error.params },
        }));
        setScreen('bookingRefused');
      } else {
        if (isUnreachable(error)) connection.lost();
        fail(error);
      }
      return;
    } finally {
      checkingIn.current = false;
    }
    setQr(null);
    setState((s) => ({ ...s, ticket, category: null, bookingCode: '' }));
    setScreen('ticket');
    void api.qr(ticket.id).then(setQr);
    load().catch(() => undefined);
  };

  const t = STRINGS[lang];
  const { title, hint, body, back } = screenContent({
    screen,
    lang,
    state,
    qr,
    paired: connection.token !== null,
    go: setScreen,
    chooseLanguage: (l) => {
      setLang(l);
      setScreen('categories');
    },
    chooseCategory: (category: PublicCategory) => {
      setState((s) => ({ ...s, category, interpreter: false, ticket: null, issueFailure: null }));
      setScreen('priority');
    },
    unavailable: (c) => {
      const v = categoryView(c, lang);
      speakNow(`${nameIn(c.names, lang)}: ${v.badge}. ${v.detail}`);
    },
    setInterpreter: (on) => {
      setState((s) => ({ ...s, interpreter: on }));
      speakNow(`${t.interpreter}: ${on ? t.on : t.off}.`);
    },
    issue: (id) => void issue(id),
    startBooking: () => {
      setState((s) => ({ ...s, bookingCode: '', checkInFailure: null, ticket: null }));
      setScreen('bookingCode');
    },
    checkInBy: (by) => setState((s) => ({ ...s, checkInBy: by, bookingCode: '' })),
    typeDigit: (digit) =>
      setState((s) => ({ ...s, bookingCode: typeDigit(s.bookingCode, digit, s.checkInBy) })),
    deleteDigit: () => setState((s) => ({ ...s, bookingCode: s.bookingCode.slice(0, -1) })),
    checkIn: () => void checkIn(),
    done: reset,
    dismissPairingError: () => {
      setState((s) => ({ ...s, pairingError: null }));
      setScreen(ready ? 'language' : 'outOfOrder');
    },
  });

  const rootClass = [
    'kiosk',
    `screen-${screen}`,
    modes.highContrast ? 'high-contrast' : '',
    modes.largeText ? 'large-text' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <div class={rootClass} data-screen={screen}>
      <div class="frame" inert={warning}>
        <header class="head">
          <h1 ref={heading} tabIndex={-1}>
            {title}
          </h1>
          {hint && <p class="hint">{hint}</p>}
        </header>
        <ScreenBody
          body={main}
          lang={lang}
          matters={screen === 'categories'}
          layout={`${screen} ${lang} ${modes.largeText}`}
        >
          {body}
        </ScreenBody>
        <footer class="foot">
          <BackNav back={back} go={setScreen} />
          <SettingsBar
            lang={lang}
            modes={modes}
            showLanguages={screen !== 'language'}
            onLanguage={setLang}
            onModes={setModes}
            onRepeat={() => speak(speechText, lang)}
            onStop={stopSpeaking}
          />
        </footer>
      </div>
      {warning && <TimeoutDialog lang={lang} remaining={remaining} onContinue={restart} />}
    </div>
  );
}
