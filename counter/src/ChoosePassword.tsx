import type { Language, Me, PasswordChange } from '@numerek/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api.ts';
import { errorText } from './error-text.ts';
import { fmt, type Strings } from './i18n.ts';
import { Field } from './Modal.tsx';
import { LanguagePicker } from './SignIn.tsx';

type FieldName = 'current' | 'next' | 'repeat';
type Message = 'currentMissing' | 'currentWrong' | 'tooShort' | 'unchanged' | 'mismatch' | 'tooWeak';
/** Errors are kept as keys, so switching the language rewords them too. */
type Errors = Partial<Record<FieldName, Message>>;
type FormMessage = '' | 'fixFields' | 'tooMany' | 'failed';

const MIN_LENGTH = 8;

/**
 * After signing in with a password someone else set (generated at the first start, or given by
 * whoever made or reset the account), the user chooses their own before the panel or the console
 * opens; the server refuses everything else until then (PASSWORD_CHANGE_REQUIRED).
 */
export function ChoosePassword(props: {
  me: Me;
  t: Strings;
  lang: Language;
  setLang: (l: Language) => void;
  onChosen: (me: Me) => void;
  onSignOut: () => void;
}) {
  const w = props.t.choosePassword;
  const [values, setValues] = useState<Record<FieldName, string>>({ current: '', next: '', repeat: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState<FormMessage>('');
  const [busy, setBusy] = useState(false);
  /** The server's refusal of a password too easy to guess, worded at each render in the current language. */
  const [weak, setWeak] = useState<ApiError | null>(null);
  const refs: Record<FieldName, { current: HTMLInputElement | null }> = {
    current: useRef<HTMLInputElement>(null),
    next: useRef<HTMLInputElement>(null),
    repeat: useRef<HTMLInputElement>(null),
  };
  useEffect(() => refs.current.current?.focus(), []);

  const show = (found: Errors, message: FormMessage) => {
    setErrors(found);
    setFormError(message);
    const first = (['current', 'next', 'repeat'] as const).find((f) => found[f]);
    if (first) refs[first].current?.focus();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const { current, next, repeat } = values;
    const found: Errors = {};
    if (!current) found.current = 'currentMissing';
    if ([...next].length < MIN_LENGTH) found.next = 'tooShort';
    else if (next.normalize('NFKC') === current.normalize('NFKC')) found.next = 'unchanged';
    if (!found.next && repeat !== next) found.repeat = 'mismatch';
    if (Object.keys(found).length) return show(found, 'fixFields');
    show({}, '');
    setBusy(true);
    try {
      const body: PasswordChange = { currentPassword: current, newPassword: next };
      props.onChosen(await api<Me>('POST', '/api/auth/password', body));
    } catch (err) {
      setBusy(false);
      const code = err instanceof ApiError ? err.code : 'NETWORK';
      if (code === 'WRONG_PASSWORD') show({ current: 'currentWrong' }, 'fixFields');
      else if (code === 'PASSWORD_UNCHANGED') show({ next: 'unchanged' }, 'fixFields');
      else if (code === 'PASSWORD_TOO_WEAK') {
        setWeak(err as ApiError);
        show({ next: 'tooWeak' }, 'fixFields');
      } else if (code === 'VALIDATION_FAILED') show({ next: 'tooShort' }, 'fixFields');
      else if (code === 'RATE_LIMITED') show({}, 'tooMany');
      else show({}, 'failed');
    }
  };

  const messageOf = (m: Message | undefined): string | null =>
    m === undefined ? null : m === 'tooWeak' ? errorText(props.t, weak) : w[m];

  const input = (name: FieldName, label: string, autoComplete: string, hint?: string) => (
    <Field label={label} error={messageOf(errors[name])} {...(hint ? { hint } : {})}>
      {(f) => (
        <input
          ref={refs[name]}
          id={f.id}
          name={name}
          type="password"
          autoComplete={autoComplete}
          required
          aria-describedby={f.describedBy}
          aria-invalid={f.invalid}
          value={values[name]}
          onInput={(e) => {
            const value = e.currentTarget.value;
            setValues((v) => ({ ...v, [name]: value }));
          }}
        />
      )}
    </Field>
  );

  return (
    <main class="page signin" data-screen="choose-password">
      <div class="signin-top">
        <LanguagePicker t={props.t} lang={props.lang} setLang={props.setLang} />
      </div>
      <h1>Numerek</h1>
      <form class="card form" onSubmit={submit} noValidate>
        <h2>{w.title}</h2>
        <p class="form-intro">{w.intro}</p>
        <p class="hint">{fmt(props.t.signedInAs, { name: props.me.displayName })}</p>
        {/* For password managers: whose password this is. */}
        <input type="hidden" name="username" autoComplete="username" value={props.me.username} />
        {input('current', w.current, 'current-password')}
        {input('next', w.next, 'new-password', w.nextHint)}
        {input('repeat', w.repeat, 'new-password')}
        <p class="error" role="alert">
          {formError ? w[formError] : ''}
        </p>
        <div class="dialog-buttons">
          <button class="btn primary" type="submit" disabled={busy}>
            {busy ? w.saving : w.save}
          </button>
          <button class="btn" type="button" onClick={props.onSignOut}>
            {props.t.signOut}
          </button>
        </div>
      </form>
    </main>
  );
}
