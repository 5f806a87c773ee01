import type { Language, Me, MePatch, SessionEndReason } from '@numerek/shared';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, onUnauthenticated } from './api.ts';
import { ChoosePassword } from './ChoosePassword.tsx';
import { ClerkPanel } from './ClerkPanel.tsx';
import { followSignedIn } from './console/office-day.ts';
import type { CentralConsole as CentralConsoleComponent } from './console/CentralConsole.tsx';
import type { Console as ConsoleComponent } from './console/Console.tsx';
import { STRINGS, saveLanguage, savedLanguage } from './i18n.ts';
import { isStaff } from './panel-props.ts';
import { parseRoute, type Route } from './route.ts';
import { SignIn } from './SignIn.tsx';

const COMPACT_KEY = 'numerek.counter.compact';

function initialCompact(): boolean {
  const q = new URLSearchParams(location.search);
  if (q.has('compact')) return q.get('compact') !== '0';
  return localStorage.getItem(COMPACT_KEY) === '1';
}

export function App() {
  const [me, setMe] = useState<Me | null | 'loading'>('loading');
  // Why the signed-in user was signed out by the server, said on the sign-in screen.
  const [ended, setEnded] = useState<SessionEndReason | null>(null);
  const [lang, setLangState] = useState<Language>(savedLanguage);
  // The page's lang changes with the words, not a frame later, so assistive technology never
  // reads English with Polish pronunciation.
  const setLang = useCallback((l: Language) => {
    saveLanguage(l);
    setLangState(l);
  }, []);
  const [route, setRoute] = useState<Route>(() => parseRoute(location.hash));
  const [compact, setCompactState] = useState(initialCompact);
  const t = STRINGS[lang];
  // The console is loaded only when a supervisor opens it: the clerk panel stays small.
  const [ConsoleView, setConsoleView] = useState<typeof ConsoleComponent | null>(null);
  useEffect(() => {
    if (route.kind !== 'console' || ConsoleView) return;
    void import('./console/Console.tsx').then((m) => setConsoleView(() => m.Console));
  }, [route.kind, ConsoleView]);
  // The central administrator has no counter: whatever the address, they get their own console.
  const central = me !== 'loading' && me?.role === 'central';
  const [CentralView, setCentralView] = useState<typeof CentralConsoleComponent | null>(null);
  useEffect(() => {
    if (!central || CentralView) return;
    void import('./console/CentralConsole.tsx').then((m) => setCentralView(() => m.CentralConsole));
  }, [central, CentralView]);

  // A signed-in user's choice is remembered with their account, so it follows them to any
  // computer; a server that cannot remember it yet (404) leaves it to this browser alone.
  const chooseLang = useCallback(
    (l: Language) => {
      setLang(l);
      const patch: MePatch = { language: l };
      void api('PATCH', '/api/auth/me', patch).catch(() => undefined);
    },
    [setLang],
  );
  // The language remembered with the account wins at sign-in.
  const signedIn = useCallback(
    (m: Me) => {
      if (m.language) setLang(m.language);
      setMe(m);
    },
    [setLang],
  );

  useEffect(() => {
    api<Me>('GET', '/api/auth/me').then(signedIn, () => setMe(null));
    const onHash = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', onHash);
    // The server keeps the counter open and its ticket called; only this page forgets who is
    // signed in, so signing in again continues where the clerk was.
    const off = onUnauthenticated((why) => {
      setMe((prev) => {
        if (prev && prev !== 'loading') setEnded(why);
        return null;
      });
    });
    return () => {
      window.removeEventListener('hashchange', onHash);
      off();
    };
  }, []);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title =
      route.kind === 'console' || central ? `Numerek – ${t.console.toLowerCase()}` : t.appTitle;
  }, [lang, route.kind, central, t.appTitle]);

  const setCompact = useCallback((on: boolean) => {
    localStorage.setItem(COMPACT_KEY, on ? '1' : '0');
    const url = new URL(location.href);
    url.searchParams.delete('compact');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
    setCompactState(on);
  }, []);

  const signOut = useCallback(async () => {
    await api('POST', '/api/auth/logout').catch(() => undefined);
    setEnded(null);
    setMe(null);
  }, []);

  // Days are counted in the signed-in user's office's zone (the console's reports and bookings).
  if (me !== 'loading') followSignedIn(me);
  if (me === 'loading') {
    return (
      <main class="page">
        <p role="status">{t.loading}</p>
      </main>
    );
  }
  if (me === null) {
    return (
      <SignIn
        t={t}
        lang={lang}
        setLang={setLang}
        ended={ended}
        onSignedIn={(m) => {
          setEnded(null);
          signedIn(m);
        }}
      />
    );
  }
  if (me.passwordChangeRequired) {
    return (
      <ChoosePassword
        me={me}
        t={t}
        lang={lang}
        setLang={setLang}
        onChosen={setMe}
        onSignOut={() => void signOut()}
      />
    );
  }
  if (!isStaff(me)) {
    if (!CentralView) {
      return (
        <main class="page">
          <p role="status">{t.loading}</p>
        </main>
      );
    }
    return <CentralView me={me} route={route} lang={lang} setLang={chooseLang} onSignOut={signOut} />;
  }
  if (route.kind === 'console') {
    if (!ConsoleView) {
      return (
        <main class="page">
          <p role="status">{t.loading}</p>
        </main>
      );
    }
    return <ConsoleView me={me} route={route} lang={lang} setLang={chooseLang} onSignOut={signOut} />;
  }
  return (
    <ClerkPanel
      me={me}
      t={t}
      lang={lang}
      setLang={chooseLang}
      compact={compact}
      setCompact={setCompact}
      onSignOut={signOut}
    />
  );
}
