import type { Dispatch, StateUpdater } from 'preact/hooks';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, KioskApi, pairing } from './api.ts';
import type { KioskState, Screen } from './model.ts';
import { setSpeechToken } from './speak.ts';

const RETRY_MS = 5_000;
const REFRESH_MS = 20_000;
/** Screens on which a client chooses from the lists, which are kept fresh there. */
const CHOOSING: readonly Screen[] = ['language', 'categories', 'priority'];

/** The screen a kiosk starts on: out of order until it has loaded with a token (or a link's code). */
export function initialScreen(): Screen {
  return pairing.takeCode(window) || pairing.token() ? 'outOfOrder' : 'unpaired';
}

export interface KioskConnection {
  /** The kiosk's own token, got with a pairing link, if it has one. */
  token: string | null;
  /** The kiosk's client of the API, once it has a token. */
  api: KioskApi | null;
  /** Whether the lists are loaded and the server answers. */
  ready: boolean;
  /** Loads the categories and priority groups again (after a ticket, a refusal, a change). */
  load: () => Promise<void>;
  /** Any failure of a background call: 401 unpairs, anything else puts the kiosk out of order. */
  fail: (error: unknown) => void;
  /** The server was lost: load again, in the background, until it answers. */
  lost: () => void;
}

/**
 * The kiosk's link to the server: using a pairing link's code, loading the lists at start and
 * after a loss (retried until the server answers), keeping them fresh while clients choose, and
 * reloading them at once when the console changes the office's configuration.
 */
export function useKioskConnection(
  screen: Screen,
  setScreen: Dispatch<StateUpdater<Screen>>,
  setState: Dispatch<StateUpdater<KioskState>>,
): KioskConnection {
  // A pairing link's code, taken from the address bar, until it is used for the kiosk's own token.
  const [pairingCode, setPairingCode] = useState<string | null>(() => pairing.waitingCode());
  const [token, setToken] = useState<string | null>(() => pairing.token());
  const [ready, setReady] = useState(false);
  // The read-aloud mode asks the server for its voice with the kiosk's token.
  setSpeechToken(token);
  const screenRef = useRef(screen);
  screenRef.current = screen;

  const unpair = useCallback(() => {
    pairing.forgetToken();
    setToken(null);
    setScreen('unpaired');
  }, [setScreen]);

  const fail = useCallback(
    (error: unknown) => {
      if (error instanceof ApiError && error.status === 401) unpair();
      else setScreen('outOfOrder');
    },
    [unpair, setScreen],
  );

  const load = useCallback(async () => {
    if (!token) return;
    const client = new KioskApi(token);
    await client.me();
    const [categories, groups, checkIn] = await Promise.all([
      client.categories(),
      client.priorityGroups(),
      client.checkInOptions(),
    ]);
    setState((s) => ({ ...s, categories, groups, phoneCheckIn: checkIn.phone }));
    setReady(true);
  }, [token, setState]);

  // A pairing link: use its code once for the kiosk's own token (retried while the server cannot
  // be reached). A refused link says why; a kiosk that was paired before keeps its token.
  useEffect(() => {
    if (!pairingCode) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = () => {
      pairing
        .use(pairingCode)
        .then((outcome) => {
          if (stopped) return;
          setPairingCode(null);
          if ('token' in outcome) {
            setReady(false);
            setToken(outcome.token);
            setScreen('outOfOrder');
          } else {
            setState((s) => ({ ...s, pairingError: outcome.refused }));
            setScreen('pairingFailed');
          }
        })
        .catch(() => {
          // Unreachable, busy or throttling: the code is kept for the next try.
          if (stopped) return;
          setScreen((s) => (s === 'pairingFailed' ? s : 'outOfOrder'));
          timer = setTimeout(attempt, RETRY_MS);
        });
    };
    attempt();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [pairingCode, setScreen, setState]);

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
  }, [token, ready, pairingCode, load, fail, setScreen]);

  // Keep the categories' state (open, waiting, estimate) fresh while clients choose.
  useEffect(() => {
    if (!ready) return;
    const timer = setInterval(() => {
      if (!CHOOSING.includes(screenRef.current)) return;
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
    const client = new KioskApi(token);
    let stopped = false;
    let known = -1;
    void (async () => {
      while (!stopped) {
        try {
          const version = await client.changes(known);
          if (stopped) return;
          if (known !== -1 && version !== known) await load();
          known = version;
        } catch {
          // The regular refresh and the out-of-order screen handle an unreachable server.
          await new Promise((r) => setTimeout(r, RETRY_MS));
        }
      }
    })();
    return () => {
      stopped = true;
    };
  }, [ready, token, load]);

  // A new pairing link opened on a running kiosk.
  useEffect(() => {
    const onHash = () => {
      const next = pairing.takeCode(window);
      if (next) setPairingCode(next);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const api = token ? new KioskApi(token) : null;
  return { token, api, ready, load, fail, lost: () => setReady(false) };
}
