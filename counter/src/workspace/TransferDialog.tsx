import type { Counter, Language, PublicCategory, TransferBody } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { nameIn, type Strings } from '../i18n.ts';
import { Field } from '../Modal.tsx';
import { DialogForm, useSubmit } from './dialog-parts.tsx';

/** Sends the client to another category or counter, with an optional note for the next clerk. */
export function TransferDialog(props: {
  t: Strings;
  lang: Language;
  categories: PublicCategory[];
  counters: Counter[];
  onClose: () => void;
  onConfirm: (b: TransferBody) => Promise<string | null>;
}) {
  const { t } = props;
  const [categoryId, setCategoryId] = useState('');
  const [counterId, setCounterId] = useState('');
  const [note, setNote] = useState('');
  const [targetError, setTargetError] = useState('');
  const { busy, error, submit } = useSubmit(() => {
    if (!categoryId && !counterId) {
      setTargetError(t.transferNeedsTarget);
      return null;
    }
    setTargetError('');
    return props.onConfirm({
      ...(categoryId ? { categoryId } : {}),
      ...(counterId ? { counterId } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
  });
  return (
    <DialogForm
      t={t}
      title={t.transferTitle}
      busy={busy}
      error={error}
      noValidate
      onSubmit={submit}
      onClose={props.onClose}
    >
      <Field label={t.toCategory} error={targetError}>
        {(f) => (
          <select
            id={f.id}
            name="categoryId"
            aria-describedby={f.describedBy}
            aria-invalid={f.invalid}
            value={categoryId}
            onChange={(e) => setCategoryId(e.currentTarget.value)}
          >
            <option value="">{t.sameCategory}</option>
            {props.categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.prefix} – {nameIn(c.names, props.lang)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t.toCounter}>
        {(f) => (
          <select
            id={f.id}
            name="counterId"
            value={counterId}
            onChange={(e) => setCounterId(e.currentTarget.value)}
          >
            <option value="">{t.anyCounter}</option>
            {props.counters.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t.note}>
        {(f) => (
          <textarea
            id={f.id}
            name="note"
            maxLength={500}
            rows={3}
            value={note}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        )}
      </Field>
    </DialogForm>
  );
}
