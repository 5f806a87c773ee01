import type { Me, PasswordChange } from '@numerek/shared';
import { TEXT_LIMITS } from '@numerek/shared/text-limits';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from './api.ts';
import { errorText } from './error-text.ts';
import type { Strings } from './i18n.ts';
import { Field } from './Modal.tsx';
import {
  checkPasswordChange,
  PASSWORD_FIELDS,
  refusalOf,
  type PasswordErrors,
  type PasswordField,
  type PasswordFormMessage,
  type PasswordMessage,
} from './password-change.ts';

const EMPTY: Record<PasswordField, string> = { current: '', next: '', repeat: '' };

/**
 * A signed-in user changes their own password (`POST /api/auth/password`): the current one, the
 * new one twice. Each error is next to its field, announced and linked to it, and the first
 * field in error takes the focus. Used at the first sign-in, where a password someone else set
 * must be replaced, and in the console, where anybody may change theirs at any time.
 */
export function PasswordChangeForm(props: {
  me: Me;
  t: Strings;
  /** Above the fields: the form's heading and what it is for. */
  intro: ComponentChildren;
  /** After the server took the new password, with the account as it is now. */
  onChanged: (me: Me) => void;
  /** Said once the password is changed, when the form stays on screen (the fields are emptied). */
  doneText?: string;
  /** Buttons after the one that saves. */
  buttons?: ComponentChildren;
  class?: string;
  /** The current password's field takes the focus when the form appears. */
  autoFocus?: boolean;
}) {
  const w = props.t.choosePassword;
  const [values, setValues] = useState<Record<PasswordField, string>>(EMPTY);
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [formError, setFormError] = useState<PasswordFormMessage>('');
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  /** The server's refusal of a password too easy to guess, worded at each render in the current language. */
  const [weak, setWeak] = useState<ApiError | null>(null);
  const refs: Record<PasswordField, { current: HTMLInputElement | null }> = {
    current: useRef<HTMLInputElement>(null),
    next: useRef<HTMLInputElement>(null),
    repeat: useRef<HTMLInputElement>(null),
  };
  useEffect(() => {
    if (props.autoFocus) refs.current.current?.focus();
  }, []);

  const show = (found: PasswordErrors, message: PasswordFormMessage) => {
    setErrors(found);
    setFormError(message);
    const first = PASSWORD_FIELDS.find((f) => found[f]);
    if (first) refs[first].current?.focus();
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    setDone(false);
    const found = checkPasswordChange(values);
    if (Object.keys(found).length) return show(found, 'fixFields');
    show({}, '');
    setBusy(true);
    try {
      const body: PasswordChange = { currentPassword: values.current, newPassword: values.next };
      const me = await api<Me>('POST', '/api/auth/password', body);
      setBusy(false);
      setValues(EMPTY);
      setDone(true);
      props.onChanged(me);
    } catch (err) {
      setBusy(false);
      const refusal = refusalOf(err instanceof ApiError ? err.code : 'NETWORK');
      if (refusal.errors.next === 'tooWeak') setWeak(err as ApiError);
      show(refusal.errors, refusal.message);
    }
  };

  const messageOf = (m: PasswordMessage | undefined): string | null =>
    m === undefined ? null : m === 'tooWeak' ? errorText(props.t, weak) : w[m];

  const input = (name: PasswordField, label: string, autoComplete: string, hint?: string) => (
    <Field label={label} error={messageOf(errors[name])} {...(hint ? { hint } : {})}>
      {(f) => (
        <input
          ref={refs[name]}
          id={f.id}
          name={name}
          type="password"
          autoComplete={autoComplete}
          maxLength={TEXT_LIMITS.password}
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
    <form class={props.class} onSubmit={submit} noValidate>
      {props.intro}
      {/* For password managers: whose password this is. */}
      <input type="hidden" name="username" autoComplete="username" value={props.me.username} />
      {input('current', w.current, 'current-password')}
      {input('next', w.next, 'new-password', w.nextHint)}
      {input('repeat', w.repeat, 'new-password')}
      <p class="error" role="alert">
        {formError ? w[formError] : ''}
      </p>
      {props.doneText !== undefined && (
        <p class="result" role="status">
          {done ? props.doneText : ''}
        </p>
      )}
      <div class="dialog-buttons">
        <button class="btn primary" type="submit" disabled={busy}>
          {busy ? w.saving : w.save}
        </button>
        {props.buttons}
      </div>
    </form>
  );
}
