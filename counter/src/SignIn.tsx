import type { Language, Me, SessionEndReason } from '@numerek/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from './api.ts';
import { errorText } from './error-text.ts';
import { LANGUAGE_LIST, STRINGS, type Strings } from './i18n.ts';

export function LanguagePicker(props: { t: Strings; lang: Language; setLang: (l: Language) => void }) {
  return (
    <label class="lang-picker">
      <span>{props.t.language}</span>
      <select value={props.lang} onChange={(e) => props.setLang(e.currentTarget.value as Language)}>
        {LANGUAGE_LIST.map((l) => (
          <option key={l} value={l} lang={l}>
            {STRINGS[l].languageName}
          </option>
        ))}
      </select>
    </label>
  );
}

export function SignIn(props: {
  t: Strings;
  lang: Language;
  setLang: (l: Language) => void;
  /** Why the server signed the user out, if it did (a session that expired, an account switched off). */
  ended: SessionEndReason | null;
  onSignedIn: (me: Me) => void;
}) {
  const { t } = props;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      props.onSignedIn(await api<Me>('POST', '/api/auth/login', { username, password }));
    } catch (err) {
      setError(errorText(props.t, err));
      setBusy(false);
    }
  };

  return (
    <main class="page signin" data-screen="sign-in">
      <div class="signin-top">
        <LanguagePicker t={t} lang={props.lang} setLang={props.setLang} />
      </div>
      <h1>Numerek</h1>
      <form class="card form" onSubmit={submit} noValidate>
        <h2>{t.signInTitle}</h2>
        {props.ended && (
          <p class="notice" role="status">
            {props.ended === 'account_deactivated' ? t.accountDeactivated : t.sessionExpired}
          </p>
        )}
        <label class="field">
          <span>{t.username}</span>
          <input
            ref={first}
            name="username"
            autoComplete="username"
            required
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span>{t.password}</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <p class="error" role="alert">
          {error}
        </p>
        <button class="btn primary" type="submit" disabled={busy}>
          {busy ? t.signingIn : t.signIn}
        </button>
      </form>
    </main>
  );
}
