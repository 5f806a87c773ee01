import type { DisplayCall, ErrorCode, Language } from '@numerek/shared';
import { DEFAULT_DISPLAY_SETTINGS } from '@numerek/shared/display-settings';
import { useEffect, useLayoutEffect, useMemo, useReducer, useRef, useState } from 'preact/hooks';
import { afterPaint, whenIdle } from './timing.ts';
import { connectDisplay, type ConnectionStatus } from './connection.ts';
import { displayLanguage, LABELS, pairingProblem } from './i18n.ts';
import { SoundOffIcon, WarningIcon } from './icons.tsx';
import { pairDisplay, takePairingCode } from './pairing.ts';
import { d1FontPx } from './sizing.ts';
import { useClockText } from './use-clock.ts';
import type { Spoken } from './voice/announcer.ts';
import type { Sound } from './voice/voices.ts';
import { applyCall, applyQueue, applySnapshot, EMPTY_STATE, judge, type DisplayState } from './state.ts';

/** How long after the first screen the audio output is opened, while the hall is quiet. */
const WARM_UP_AFTER_MS = 5000;

/** History rows shown at least (D4). */
const MIN_HISTORY = 5;

type Action =
  | { type: 'snapshot'; state: DisplayState }
  | { type: 'call'; call: DisplayCall }
  | { type: 'queue'; state: DisplayState };

function reducer(state: DisplayState, a: Action): DisplayState {
  if (a.type === 'call') return applyCall(state, a.call);
  return a.state;
}

function useViewport(): { width: number; height: number } {
  const [size, setSize] = useState({ width: window.innerWidth, height: window.innerHeight });
  useEffect(() => {
    const on = () => setSize({ width: window.innerWidth, height: window.innerHeight });
    window.addEventListener('resize', on);
    return () => window.removeEventListener('resize', on);
  }, []);
  return size;
}

function useNow(offsetMs: number): number {
  const [now, setNow] = useState(Date.now() + offsetMs);
  useEffect(() => {
    setNow(Date.now() + offsetMs);
    const t = setInterval(() => setNow(Date.now() + offsetMs), 1000);
    return () => clearInterval(t);
  }, [offsetMs]);
  return now;
}

export function App() {
  const [state, dispatch] = useReducer(reducer, EMPTY_STATE);
  const stateRef = useRef(state);
  stateRef.current = state;
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [pairingRefused, setPairingRefused] = useState<ErrorCode | null>(null);
  const [highlight, setHighlight] = useState<{ nonce: number; callKey: string } | null>(null);
  const [spoken, setSpoken] = useState<Spoken[]>([]);
  const [soundBlocked, setSoundBlocked] = useState(false);
  const soundButton = useRef<HTMLButtonElement>(null);
  const settings = state.snapshot?.display.settings ?? DEFAULT_DISPLAY_SETTINGS;
  const settingsRef = useRef(settings);
  settingsRef.current = settings;
  const lang: Language = displayLanguage(state.snapshot?.display.settings.languages ?? null, localStorage);
  const t = LABELS[lang];
  const viewport = useViewport();
  const now = useNow(state.clockOffsetMs);

  const tokenRef = useRef<string | null>(null);
  // The sound (queue, voices, audio) is not needed to show the first screen: it loads after it,
  // or at once when a call comes first. Calls that come meanwhile wait for it, in order.
  const sound = useMemo(() => {
    let loaded: Promise<Sound> | null = null;
    return () =>
      (loaded ??= import('./voice/voices.ts').then(({ createSound }) =>
        createSound({
          settings: () => settingsRef.current,
          token: () => tokenRef.current,
          onSpoken: (s) => setSpoken((prev) => [...prev.filter((p) => p.language !== s.language), s]),
        }),
      ));
  }, []);

  useEffect(() => {
    const announce = (call: DisplayCall) => {
      setHighlight({ nonce: Date.now() + Math.random(), callKey: call.key });
      // The call is on the screen first (a deaf client reads it); opening the audio device for
      // the first call can hold a slow TV stick's page for a moment.
      afterPaint(() => void sound().then((s) => s.enqueue(call)));
    };
    // A pairing link's code is used once for the display's own token before connecting with it.
    takePairingCode();
    const gone = new AbortController();
    let disconnect: (() => void) | null = null;
    const handlers: Parameters<typeof connectDisplay>[1] = {
      status: (s) => {
        setStatus(s);
        // A revoked display stops showing the hall at once.
        if (s === 'revoked') {
          stateRef.current = EMPTY_STATE;
          dispatch({ type: 'snapshot', state: EMPTY_STATE });
        }
      },
      snapshot: (snap) => {
        const before = stateRef.current;
        const next = applySnapshot(snap, Date.now());
        // Calls made while the display was offline are still announced, once, if recent.
        if (before.snapshot) {
          const newest = before.calls[0]?.calledAt ?? '';
          const missed = next.calls.filter(
            (c) => c.calledAt > newest && Date.parse(snap.serverTime) - Date.parse(c.calledAt) < 60_000,
          );
          for (const c of missed.reverse()) announce(c);
        }
        stateRef.current = next;
        dispatch({ type: 'snapshot', state: next });
      },
      call: (call) => {
        const verdict = judge(stateRef.current, call);
        if (verdict !== 'apply') return verdict === 'seen';
        stateRef.current = applyCall(stateRef.current, call);
        dispatch({ type: 'call', call });
        announce(call);
        return true;
      },
      queue: (e) => {
        const next = applyQueue(stateRef.current, e);
        if (next === stateRef.current) return;
        stateRef.current = next;
        dispatch({ type: 'queue', state: next });
      },
    };
    void pairDisplay(gone.signal).then(({ token, refused }) => {
      if (gone.signal.aborted) return;
      setPairingRefused(refused);
      tokenRef.current = token;
      disconnect = connectDisplay(token, handlers);
    });
    return () => {
      gone.abort();
      disconnect?.();
    };
  }, [sound]);

  // Before the screen is painted: the page's language is never behind the words it shows (a
  // screen reader, and the browser's hyphenation, read it).
  useLayoutEffect(() => {
    document.documentElement.lang = lang;
    document.title = `Numerek – ${t.title}`;
  }, [lang, t.title]);

  useEffect(() => {
    if (!settings.sound) return;
    // Whether sound is allowed is asked once the first screen is up. Opening the audio output
    // can hold a TV stick's page for a second (the browser starts its audio service): it is done
    // a few seconds later, while the hall is quiet, rather than when the first call comes.
    let warm: ReturnType<typeof setTimeout> | undefined;
    const stop = whenIdle(
      () =>
        void sound().then(async (s) => {
          const allowed = await s.allowed();
          setSoundBlocked(!allowed);
          if (allowed)
            warm = setTimeout(
              () => whenIdle(() => void s.warmUp().then((running) => !running && setSoundBlocked(true))),
              WARM_UP_AFTER_MS,
            );
        }),
    );
    return () => {
      stop();
      clearTimeout(warm);
    };
  }, [sound, settings.sound]);

  // Focused, so one press of a TV remote's OK button turns the sound on.
  useEffect(() => {
    if (soundBlocked) soundButton.current?.focus();
  }, [soundBlocked, settings.sound]);

  const d1 = d1FontPx(settings, viewport);
  const current = state.calls[0];
  const history = state.calls.slice(1);
  const mainHeight = viewport.height * 0.78;
  const currentPx = Math.max(
    d1,
    Math.min(
      d1 * 1.6,
      (viewport.width * 0.55) / (Math.max(current?.code.length ?? 4, 3) * 0.68),
      mainHeight / 2.9,
    ),
  );
  const historyPx = Math.min(
    d1,
    (mainHeight * 0.86) / (MIN_HISTORY * 1.2),
    (viewport.width * 0.4) / (8 * 0.68),
  );
  const historyRows = Math.max(MIN_HISTORY, Math.floor((mainHeight * 0.86) / (historyPx * 1.2)));
  const timeZone = state.snapshot?.office.timeZone ?? 'Europe/Warsaw';
  const clock = useClockText(lang, timeZone, now);
  const flashing = highlight !== null && current?.key === highlight.callKey;

  return (
    <div class="display" style={{ '--base-px': `${viewport.height / 100}px` }}>
      <header class="top">
        <h1 class="office">{state.snapshot?.office.name ?? 'Numerek'}</h1>
        {status !== 'online' && (
          <p class={`badge ${status}`} role="status" data-testid="offline-badge">
            <WarningIcon />
            {status === 'connecting' ? t.connecting : status === 'revoked' ? t.revoked : t.offline}
          </p>
        )}
        {pairingRefused && (
          <p class="badge" role="status" data-testid="pairing-problem">
            <WarningIcon />
            {pairingProblem(pairingRefused, lang)}
          </p>
        )}
        {soundBlocked && settings.sound && (
          // A small request in the top bar: the calls and the list stay as they are (a deaf
          // client reads them, and a TV restarted overnight may wait hours for a tap).
          <p class="sound-banner" data-testid="sound-banner">
            <button
              ref={soundButton}
              type="button"
              class="enable-sound"
              aria-describedby="sound-hint"
              onClick={() => {
                void sound()
                  .then((s) => s.unlock())
                  .then((ok) => setSoundBlocked(!ok));
              }}
            >
              <SoundOffIcon />
              {t.enableSound}
            </button>
            <span id="sound-hint" class="sr-only">
              {t.enableSoundHint}
            </span>
          </p>
        )}
        <time class="clock" dateTime={new Date(now).toISOString()}>
          {clock}
        </time>
      </header>
      <main class="board">
        <section class="current" aria-labelledby="current-heading">
          <h2 id="current-heading">{t.nowCalling}</h2>
          {current ? (
            <div
              key={flashing ? highlight.nonce : 'still'}
              class={`call${flashing ? ' flash' : ''}`}
              data-testid="current-call"
              style={{ fontSize: `${Math.round(currentPx)}px` }}
            >
              <p class="call-code">
                <span class="sr-only">{t.ticket} </span>
                <span data-testid="current-code">{current.code}</span>
              </p>
              <p class="call-counter">
                <span class="arrow" aria-hidden="true">
                  →
                </span>
                <span class="counter-box">
                  <span class="counter-word">{t.counter}</span>
                  <span class="counter-number" data-testid="current-counter">
                    {current.counter.number}
                  </span>
                </span>
              </p>
            </div>
          ) : (
            <p class="empty">{status === 'revoked' ? t.revoked : t.noCalls}</p>
          )}
        </section>
        <section class="history" aria-labelledby="history-heading">
          <h2 id="history-heading">{t.lastCalls}</h2>
          <ol style={{ fontSize: `${Math.floor(historyPx)}px` }} data-testid="history">
            {history.slice(0, historyRows).map((c) => (
              <li key={c.key}>
                <span class="code">{c.code}</span>
                <span class="arrow" aria-hidden="true">
                  →
                </span>
                <span class="sr-only">{t.counter} </span>
                <span class="counter">{c.counter.number}</span>
              </li>
            ))}
          </ol>
        </section>
      </main>
      {settings.showWaiting && state.waiting.length > 0 && (
        <aside class="waiting" aria-labelledby="waiting-heading">
          <h2 id="waiting-heading">{t.waiting}:</h2>
          <ul>
            {state.waiting.map((w) => (
              <li key={w.categoryId}>
                <span class="prefix">{w.prefix}</span> <span class="name">{w.names[lang] ?? w.names.pl}</span>{' '}
                <strong>{w.waiting}</strong>
              </li>
            ))}
          </ul>
        </aside>
      )}
      <div class="sr-only" aria-live="polite" data-testid="announcement">
        {spoken.map((s) => (
          <p key={s.language} lang={s.language} data-language={s.language} data-voiced={String(s.voiced)}>
            {s.text}
          </p>
        ))}
      </div>
    </div>
  );
}
