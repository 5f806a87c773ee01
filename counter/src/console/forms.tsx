import type { Language } from '@numerek/shared';
import { TEXT_LIMITS } from '@numerek/shared/text-limits';
import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api.ts';
import { errorText } from '../error-text.ts';
import { fmt } from '../i18n.ts';
import { Field } from '../Modal.tsx';
import { dateTime, useWords } from './words.ts';

export type FieldErrors = Record<string, string>;

/**
 * Submitting a console form: client-side checks first, then the server. A refusal that names a
 * field (`params.field`: `names.pl`, `prefix`) has its sentence next to that field as well as
 * above the buttons, where it is said even when the form has no such field. `fieldSentence` gives
 * a form's own sentence for a field the server refused (what the field takes), in place of the
 * code's general one.
 */
export function useFormState(fieldSentence?: (field: string, error: ApiError) => string | undefined) {
  const { t, c } = useWords();
  // Read when a refusal arrives, so a form may pass a new function at every render.
  const ownSentence = useRef(fieldSentence);
  ownSentence.current = fieldSentence;
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState('');
  const submit = useCallback(
    async (check: FieldErrors, send: () => Promise<string>) => {
      setDone('');
      setErrors(check);
      setFormError(Object.keys(check).length ? c.fixFields : '');
      if (Object.keys(check).length) return false;
      setBusy(true);
      try {
        setDone(await send());
        return true;
      } catch (e) {
        let sentence = errorText(t, e);
        if (e instanceof ApiError && e.field) {
          sentence = ownSentence.current?.(e.field, e) ?? sentence;
          setErrors({ [e.field]: sentence });
        }
        setFormError(sentence);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [t, c],
  );
  const reset = useCallback(() => {
    setErrors({});
    setFormError('');
  }, []);
  return { errors, formError, busy, done, submit, reset };
}

/**
 * What a list page does when its form has added something: the form closes, so that a second
 * Save cannot add it twice; the list's status line says what was added; and focus returns to
 * the button that adds the next one (put `addButton` on it).
 */
export function useAdded(close: () => void, say: (said: string) => void, reload: () => void) {
  const addButton = useRef<HTMLButtonElement>(null);
  const added = (said: string) => {
    close();
    say(said);
    reload();
    addButton.current?.focus();
  };
  return { addButton, added };
}

/**
 * A draft of a form's fields and a setter per field: `set('name')` is the field's onInput.
 */
export function useDraft<D extends object>(initial: () => D) {
  const [d, setD] = useState<D>(initial);
  const set = useCallback(
    <K extends keyof D>(k: K) =>
      (v: D[K]) =>
        setD((p) => ({ ...p, [k]: v })),
    [],
  );
  return { d, set, setD };
}

/** The end of an edit form: its outcome lines, then save and close. */
export function FormFooter(props: {
  f: { formError: string; done: string; busy: boolean };
  onClose: () => void;
  saveLabel?: string;
}) {
  const { c } = useWords();
  return (
    <>
      <FormMessages formError={props.f.formError} done={props.f.done} />
      <div class="dialog-buttons">
        <button type="submit" class="btn primary" disabled={props.f.busy}>
          {props.saveLabel ?? c.save}
        </button>
        <button type="button" class="btn" onClick={props.onClose}>
          {c.closeForm}
        </button>
      </div>
    </>
  );
}

/**
 * A console table in a scrollable, keyboard-reachable region named "<label> (table)": its caption
 * when it has one, the column headings, then the rows the page renders.
 */
export function DataTable(props: {
  label: string;
  columns: readonly string[];
  class?: string;
  caption?: string;
  children: ComponentChildren;
}) {
  const { c } = useWords();
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={fmt(c.table, { label: props.label })}>
      <table class={props.class ? `table ${props.class}` : 'table'}>
        {props.caption !== undefined && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

/** The form's outcome lines: the error (alert) and what was saved (status). */
export function FormMessages(props: { formError: string; done: string }) {
  return (
    <>
      <p class="error" role="alert">
        {props.formError}
      </p>
      <p class="result" role="status">
        {props.done}
      </p>
    </>
  );
}

export function TextField(props: {
  label: string;
  name: string;
  value: string;
  onInput: (v: string) => void;
  errors: FieldErrors;
  type?: 'text' | 'password';
  hint?: string;
  required?: boolean;
  multiline?: boolean;
  autoComplete?: string;
  readOnly?: boolean;
  /** `numeric` for a whole number: a phone or tablet offers its digit keyboard. */
  inputMode?: 'numeric';
  /** The most characters the API takes for the field (`TEXT_LIMITS`). */
  maxLength?: number;
}) {
  const error = props.errors[props.name];
  return (
    <Field label={props.label} error={error} {...(props.hint ? { hint: props.hint } : {})}>
      {(f) =>
        props.multiline ? (
          <textarea
            id={f.id}
            name={props.name}
            rows={3}
            maxLength={props.maxLength}
            aria-describedby={f.describedBy}
            aria-invalid={f.invalid}
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        ) : props.type === 'password' ? (
          <input
            id={f.id}
            name={props.name}
            type="password"
            maxLength={props.maxLength}
            autoComplete={props.autoComplete ?? 'off'}
            aria-describedby={f.describedBy}
            aria-invalid={f.invalid}
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        ) : (
          <input
            id={f.id}
            name={props.name}
            type="text"
            inputMode={props.inputMode}
            required={props.required}
            readOnly={props.readOnly}
            maxLength={props.maxLength}
            autoComplete={props.autoComplete ?? 'off'}
            aria-describedby={f.describedBy}
            aria-invalid={f.invalid}
            value={props.value}
            onInput={(e) => props.onInput(e.currentTarget.value)}
          />
        )
      }
    </Field>
  );
}

/** A name in Polish (required), English and Ukrainian: `names.pl`, `names.en`, `names.uk`. */
export function NameFields(props: {
  values: { pl: string; en: string; uk: string };
  onInput: (lang: 'pl' | 'en' | 'uk') => (v: string) => void;
  errors: FieldErrors;
}) {
  const label = useWords().c.nameIn;
  return (
    <>
      {(['pl', 'en', 'uk'] as const).map((lang) => (
        <TextField
          key={lang}
          label={label[lang]}
          name={`names.${lang}`}
          value={props.values[lang]}
          onInput={props.onInput(lang)}
          errors={props.errors}
          required={lang === 'pl'}
          maxLength={TEXT_LIMITS.name}
        />
      ))}
    </>
  );
}

export function SelectField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
  errors: FieldErrors;
  options: ReadonlyArray<readonly [string, string]>;
  hint?: string;
  disabled?: boolean;
}) {
  return (
    <Field label={props.label} error={props.errors[props.name]} {...(props.hint ? { hint: props.hint } : {})}>
      {(f) => (
        <select
          id={f.id}
          name={props.name}
          aria-describedby={f.describedBy}
          aria-invalid={f.invalid}
          value={props.value}
          disabled={props.disabled ?? false}
          onChange={(e) => props.onChange(e.currentTarget.value)}
        >
          {props.options.map(([v, label]) => (
            <option key={v} value={v}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export function CheckField(props: {
  label: string;
  name: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  errors?: FieldErrors;
}) {
  const error = props.errors?.[props.name];
  return (
    <div class="field">
      <label class="check">
        <input
          type="checkbox"
          name={props.name}
          checked={props.checked}
          onChange={(e) => props.onChange(e.currentTarget.checked)}
        />
        <span>{props.label}</span>
      </label>
      {error && <span class="field-error">{error}</span>}
    </div>
  );
}

/** An optional whole number from a text field: '' → null, otherwise the number (NaN when not one). */
export function optionalInt(v: string): number | null {
  return v.trim() === '' ? null : /^\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN;
}

/**
 * Loads a resource and reloads it on demand; `version` bumps (live changes) reload it too. No
 * `url` (a choice not made yet, or not valid) loads nothing.
 */
export function useResource<T>(url: string | null, version = 0) {
  const { t } = useWords();
  const [data, setData] = useState<T | null>(null);
  // The error itself, so its words follow a change of language.
  const [failure, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (url === null) return;
    let live = true;
    api<T>('GET', url).then(
      (d) => {
        if (live) {
          setData(d);
          setError(null);
        }
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [url, version, tick]);
  const error = failure === null ? '' : errorText(t, failure);
  return { data, error, reload: () => setTick((n) => n + 1) };
}

/**
 * A card with a heading. `focus` moves focus to the heading when it appears (an edit form opened
 * below a list), so keyboard and screen-reader users land where the work continues.
 */
export function Section(props: { title: string; children: ComponentChildren; focus?: boolean }) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!props.focus) return;
    heading.current?.focus();
    heading.current?.scrollIntoView({ block: 'start' });
  }, [props.focus]);
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id} ref={heading} tabIndex={props.focus ? -1 : undefined}>
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

/** A date and time in a table cell, as the console's language writes it ('—' when there is none). */
export const fmtTime = (lang: Language, iso: string | null) => dateTime(lang, iso);

/** A calendar day picked with the browser's date control, its error next to it. */
export function DateField(props: {
  label: string;
  name: string;
  value: string;
  error: string | undefined;
  onChange: (day: string) => void;
}) {
  return (
    <Field label={props.label} error={props.error ?? null}>
      {(f) => (
        <input
          id={f.id}
          name={props.name}
          type="date"
          aria-describedby={f.describedBy}
          aria-invalid={f.invalid}
          value={props.value}
          onInput={(e) => props.onChange(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}
