import type { IssuedTicket, Language, PublicCategory } from '@numerek/shared';
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  KioskApi,
  UnreachableError,
  forgetToken,
  pairWith,
  storedToken,
  takePairingCode,
} from './api.ts';
import { KIOSK_LANGUAGES, STRINGS, fill, nameIn } from './i18n.ts';
import {
  EMPTY_STATE,
  categoryView,
  idleSeconds,
  issueErrorText,
  pairingErrorText,
  printText,
  warningSeconds,
  type KioskState,
  type Screen,
} from './model.ts';
import { Pictogram } from './Pictogram.tsx';
import { CategoriesScreen, LanguageScreen, PriorityScreen, TicketScreen } from './Screens.tsx';
import { speak, speechFor, stopSpeaking } from './speech.ts';
import { SettingsBar, type Modes } from './SettingsBar.tsx';

const RETRY_MS = 5_000;
/** Pause before asking again whether the ticket printed, after the server could not be reached. */
const PRINT_RETRY_MS = 2_000;
const REFRESH_MS = 20_000;
const DEFAULT_MODES: Modes = { highContrast: false, largeText: false, speech: false };

/** The kiosk: pairing, the ticket flow, the display modes, inactivity and the out-of-order screen. */
export function App() {
  // A pairing link's code, taken from the address bar, until it is used for the kiosk's own token.
  const [pairingCode, setPairingCode] = useState<string | null>(() => takePairingCode());
  const [token, setToken] = useState<string | null>(() => storedToken());
  const [screen, setScreen] = useState<Screen>(token || pairingCode ? 'outOfOrder' : 'unpaired');
  const [ready, setReady] = useState(false);
  const [lang, setLang] = useState<Language>('pl');
  const [modes, setModes] = useState<Modes>(DEFAULT_MODES);
  const [state, setState] = useState<KioskState>(EMPTY_STATE);
  const [qr, setQr] = useState<string | null>(null);
  const [idleSince, setIdleSince] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const heading = useRef<HTMLHeadingElement>(null);
  const main = useRef<HTMLElement>(null);
  const api = token ? new KioskApi(token) : null;
  const screenRef = useRef(screen);
  screenRef.current = screen;

  const unpair = useCallback(() => {
    forgetToken();
    setToken(null);
    setScreen('unpaired');
  }, []);

  /** Any failure of a background call: 401 unpairs, anything else puts the kiosk out of order. */
  const fail = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) unpair();
      else setScreen('outOfOrder');
    },
    [unpair],
  );

  const load = useCallback(async () => {
    if (!token) return;
    const client = new KioskApi(token);
    await client.me();
    const [categories, groups] = await Promise.all([client.categories(), client.priorityGroups()]);
    setState((s) => ({ ...s, categories, groups }));
    setReady(true);
  }, [token]);

  // A pairing link: use its code once for the kiosk's own token (retried while the server cannot
  // be reached). A refused link says why; a kiosk that was paired before keeps its token.
  useEffect(() => {
    if (!pairingCode) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      pairWith(pairingCode)
        .then((next) => {
          if (stopped) return;
          setPairingCode(null);
          setReady(false);
          setToken(next);
          setScreen('outOfOrder');
        })
        .catch((error: unknown) => {
          if (stopped) return;
          if (error instanceof ApiError) {
            setPairingCode(null);
            setState((s) => ({ ...s, pairingError: error.code }));
            setScreen('pairingFailed');
          } else {
            setScreen((s) => (s === 'pairingFailed' ? s : 'outOfOrder'));
            timer = setTimeout(attempt, RETRY_MS);
          }
        });
    };
    attempt();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [pairingCode]);

  // Start-up and recovery: retry in the background until the server answers.
  useEffect(() => {
    if (!token || ready || pairingCode) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      load()
        .then(() => {
          if (!stopped) setScreen((s) => (s === 'pairingFailed' ? s : 'language'));
        })
        .catch((error: unknown) => {
          if (stopped) return;
          fail(error);
          if (!(error instanceof ApiError && error.status === 401)) timer = setTimeout(attempt, RETRY_MS);
        });
    };
    attempt();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [token, ready, pairingCode, load, fail]);

  // Keep the categories' state (open, waiting, estimate) fresh while clients choose.
  useEffect(() => {
    if (!ready) return;
    const timer = setInterval(() => {
      if (!['language', 'categories', 'priority'].includes(screenRef.current)) return;
      load().catch((error: unknown) => {
        setReady(false);
        fail(error);
      });
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [ready, load, fail]);

  // Configuration changed in the console (a new category, new hours): reload the lists at once.
  useEffect(() => {
    if (!ready || !token) return;
    const api = new KioskApi(token);
    let stopped = false;
    let known = -1;
    void (async () => {
      while (!stopped) {
        try {
          const version = await api.changes(known);
          if (stopped) return;
          if (known !== -1 && version !== known) await load();
          known = version;
        } catch {
          // The regular refresh and the out-of-order screen handle an unreachable server.
          await new Promise((r) => setTimeout(r, 5000));
        }
      }
    })();
    return () => {
      stopped = true;
    };
  }, [ready, token, load]);

  // A ticket shown while its print is pending: ask the server until the outcome is known.
  const pendingPrint =
    screen === 'ticket' && state.ticket?.print.state === 'pending' ? state.ticket.id : null;
  useEffect(() => {
    if (!pendingPrint || !token) return;
    const client = new KioskApi(token);
    let stopped = false;
    const settle = (print: IssuedTicket['print']) =>
      setState((s) => (s.ticket?.id === pendingPrint ? { ...s, ticket: { ...s.ticket, print } } : s));
    void (async () => {
      while (!stopped) {
        try {
          const print = await client.print(pendingPrint);
          if (stopped || print.state === 'pending') continue;
          settle(print);
          return;
        } catch (error) {
          if (stopped) return;
          // The server does not know the print (revoked, or another kiosk's): say it did not print.
          if (error instanceof ApiError) return settle({ state: 'failed', reason: 'error' });
          await new Promise((r) => setTimeout(r, PRINT_RETRY_MS));
        }
      }
    })();
    return () => {
      stopped = true;
    };
  }, [pendingPrint, token]);

  // A new pairing link opened on a running kiosk.
  useEffect(() => {
    const onHash = () => {
      const next = takePairingCode();
      if (next) setPairingCode(next);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const reset = useCallback(() => {
    stopSpeaking();
    setLang('pl');
    setModes(DEFAULT_MODES);
    setState((s) => ({ ...EMPTY_STATE, categories: s.categories, groups: s.groups }));
    setQr(null);
    setScreen((s) => (s === 'unpaired' || s === 'outOfOrder' || s === 'pairingFailed' ? s : 'language'));
  }, []);

  // Inactivity (K7): any touch or key counts as activity. While the warning shows, its own
  // click answers it, so the dialog does not vanish under a finger between press and release.
  const warningShown = useRef(false);
  useEffect(() => {
    const active = () => {
      if (!warningShown.current) setIdleSince(Date.now());
    };
    window.addEventListener('pointerdown', active, true);
    window.addEventListener('keydown', active, true);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      window.removeEventListener('pointerdown', active, true);
      window.removeEventListener('keydown', active, true);
      clearInterval(tick);
    };
  }, []);
  useEffect(() => setIdleSince(Date.now()), [screen]);
  const idle = idleSeconds(screen, modes.speech, state.ticket);
  const elapsed = (now - idleSince) / 1000;
  const warnFor = warningSeconds(modes.speech);
  const warning = idle !== null && elapsed >= idle;
  warningShown.current = warning;
  const remaining = idle === null ? warnFor : Math.max(0, Math.ceil(idle + warnFor - elapsed));
  useEffect(() => {
    if (warning && remaining <= 0) reset();
  }, [warning, remaining, reset]);

  // The page's language follows the choice (K8); the start screen is in all three.
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `Numerek – ${STRINGS[lang].title}`;
  }, [lang]);
  // rem units follow the root, so the large-text mode doubles every text at once (K4).
  useEffect(() => {
    document.documentElement.classList.toggle('large-text', modes.largeText);
  }, [modes.largeText]);

  // Each new screen starts at its top, with focus on its heading for keyboard and switch users (K9).
  useEffect(() => {
    main.current?.scrollTo(0, 0);
    heading.current?.focus({ preventScroll: true });
  }, [screen]);

  // Read aloud (K6): each screen as it appears, and again in a newly chosen language.
  const speechText = speechFor(screen, state, lang);
  useEffect(() => {
    if (modes.speech) speak(speechText, lang);
    // Deliberately not on every refresh of the categories: only a new screen, language or ticket.
  }, [modes.speech, screen, lang, state.ticket?.id]);
  // The print's outcome, known after the ticket was shown, is spoken once the ticket has been read.
  const printState = screen === 'ticket' ? state.ticket?.print.state : undefined;
  const spokenPrintState = useRef(printState);
  useEffect(() => {
    const before = spokenPrintState.current;
    spokenPrintState.current = printState;
    if (modes.speech && before === 'pending' && printState !== 'pending' && state.ticket)
      speak(printText(state.ticket, lang), lang, true);
  }, [printState]);
  useEffect(() => {
    if (!modes.speech) stopSpeaking();
  }, [modes.speech]);
  useEffect(() => {
    if (warning && modes.speech) {
      const t = STRINGS[lang];
      speak(`${t.timeoutTitle} ${fill(t.timeoutText, { s: remaining })} ${t.continue}.`, lang);
    }
  }, [warning]);

  // With read-aloud on, a control is spoken as it gets focus, so keypad and switch users hear
  // each choice as they move to it (K6, K9).
  useEffect(() => {
    if (!modes.speech) return;
    const onFocus = (e: FocusEvent) => {
      const el = e.target;
      if (el instanceof HTMLButtonElement && el.matches(':focus-visible')) speak(el.innerText, lang);
    };
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, [modes.speech, lang]);

  // Arrow keys move between controls like Tab (a keypad or a switch may have no Tab key).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const forward = e.key === 'ArrowDown' || e.key === 'ArrowRight';
      const backward = e.key === 'ArrowUp' || e.key === 'ArrowLeft';
      if (!forward && !backward) return;
      const scope = document.querySelector('[role="alertdialog"]') ?? document;
      const items = [...scope.querySelectorAll<HTMLElement>('button, [href]')];
      if (items.length === 0) return;
      const index = items.indexOf(document.activeElement as HTMLElement);
      const next = forward ? (index + 1) % items.length : (index <= 0 ? items.length : index) - 1;
      items[next]?.focus();
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const chooseCategory = (category: PublicCategory) => {
    setState((s) => ({ ...s, category, interpreter: false, ticket: null, errorCode: null }));
    setScreen('priority');
  };

  // One ticket per choice, even when a finger taps twice before the screen changes.
  const issuing = useRef(false);
  const issue = async (priorityGroupId: string | null) => {
    const category = state.category;
    if (!api || !category || issuing.current) return;
    issuing.current = true;
    try {
      await issueIn(api, category, priorityGroupId);
    } finally {
      issuing.current = false;
    }
  };
  const issueIn = async (client: KioskApi, category: PublicCategory, priorityGroupId: string | null) => {
    setScreen('issuing');
    let ticket: IssuedTicket;
    try {
      ticket = await client.issue({
        categoryId: category.id,
        language: lang,
        ...(priorityGroupId ? { priorityGroupId } : {}),
        ...(state.interpreter ? { interpreter: true } : {}),
      });
    } catch (error) {
      if (error instanceof ApiError && error.status !== 401) {
        setState((s) => ({ ...s, errorCode: error.code }));
        setScreen('issueError');
        // The category's state changed since the list was loaded: show the new one.
        load().catch(() => undefined);
      } else {
        if (error instanceof UnreachableError) setReady(false);
        fail(error);
      }
      return;
    }
    setQr(null);
    setState((s) => ({ ...s, ticket }));
    setScreen('ticket');
    void client.qr(ticket.id).then(setQr);
    load().catch(() => undefined);
  };

  const t = STRINGS[lang];
  const speakNow = (text: string) => {
    if (modes.speech) speak(text, lang);
  };

  let title: ComponentChildren;
  let hint: string | null = null;
  let body: ComponentChildren = null;
  const nav: ComponentChildren[] = [];
  const back = (to: Screen, label = t.back) =>
    nav.push(
      <button type="button" class="nav-button" key={label} onClick={() => setScreen(to)}>
        <span aria-hidden="true">← </span>
        {label}
      </button>,
    );
  switch (screen) {
    case 'language':
      title = (
        <>
          {KIOSK_LANGUAGES.map((l) => (
            <span key={l} lang={l} class="multi">
              {STRINGS[l].chooseLanguage}
            </span>
          ))}
        </>
      );
      body = (
        <LanguageScreen
          onChoose={(l) => {
            setLang(l);
            setScreen('categories');
          }}
        />
      );
      break;
    case 'categories':
      title = t.chooseCategory;
      hint = t.chooseCategoryHint;
      body = (
        <CategoriesScreen
          lang={lang}
          categories={state.categories}
          onChoose={chooseCategory}
          onUnavailable={(c) => {
            const v = categoryView(c, lang);
            speakNow(`${nameIn(c.names, lang)}: ${v.badge}. ${v.detail}`);
          }}
        />
      );
      back('language');
      break;
    case 'priority':
      title = t.priorityTitle;
      hint = t.priorityHint;
      body = (
        <PriorityScreen
          lang={lang}
          groups={state.groups}
          interpreter={state.interpreter}
          onInterpreter={(on) => {
            setState((s) => ({ ...s, interpreter: on }));
            speakNow(`${t.interpreter}: ${on ? t.on : t.off}.`);
          }}
          onChoose={(id) => void issue(id)}
        />
      );
      back('categories');
      back('language', t.startOver);
      break;
    case 'issuing':
      title = t.issuing;
      break;
    case 'ticket':
      title = t.yourNumber;
      body = state.ticket && (
        <TicketScreen
          lang={lang}
          ticket={state.ticket}
          category={state.categories.find((c) => c.id === state.ticket?.categoryId) ?? state.category}
          qr={qr}
          onDone={reset}
        />
      );
      break;
    case 'issueError':
      title = t.issueFailedTitle;
      body = (
        <div class="message">
          <Pictogram name="warning" class="message-picto" />
          <p>{issueErrorText(state.errorCode, lang)}</p>
          <button type="button" class="primary" onClick={() => setScreen('categories')}>
            {t.tryAgain}
          </button>
        </div>
      );
      back('language', t.startOver);
      break;
    case 'unpaired':
      title = t.unpairedTitle;
      body = (
        <div class="message">
          <Pictogram name="closed" class="message-picto" />
          <p>{t.unpairedText}</p>
        </div>
      );
      break;
    case 'pairingFailed':
      title = t.pairingFailedTitle;
      body = (
        <div class="message">
          <Pictogram name="warning" class="message-picto" />
          <p>{pairingErrorText(state.pairingError, lang)}</p>
          {token && (
            <>
              <p>{t.pairingKept}</p>
              <button
                type="button"
                class="primary"
                onClick={() => {
                  setState((s) => ({ ...s, pairingError: null }));
                  setScreen(ready ? 'language' : 'outOfOrder');
                }}
              >
                {t.pairingContinue}
              </button>
            </>
          )}
        </div>
      );
      break;
    case 'outOfOrder':
      title = t.outOfOrderTitle;
      body = (
        <div class="message" role="status">
          <Pictogram name="warning" class="message-picto" />
          <p>{t.outOfOrderText}</p>
        </div>
      );
      break;
  }

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
        <main class="body" ref={main}>
          {body}
        </main>
        <footer class="foot">
          {nav.length > 0 && <nav class="nav">{nav}</nav>}
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
      {warning && (
        <div class="backdrop" onClick={() => setIdleSince(Date.now())}>
          <div role="alertdialog" aria-modal="true" aria-labelledby="timeout-title" class="dialog">
            <h2 id="timeout-title">{t.timeoutTitle}</h2>
            <p aria-live="polite">{fill(t.timeoutText, { s: remaining })}</p>
            <button
              type="button"
              class="primary"
              ref={(el) => el?.focus({ preventScroll: true })}
              onClick={() => setIdleSince(Date.now())}
            >
              {t.continue}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
