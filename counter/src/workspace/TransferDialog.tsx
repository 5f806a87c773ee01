import type { Counter, Language, PublicCategory, TransferBody } from '@numerek/shared';
import { TEXT_LIMITS } from '@numerek/shared/text-limits';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { fmt, nameIn, type Strings } from '../i18n.ts';
import { Field } from '../Modal.tsx';
import { DialogForm, useSubmit } from './dialog-parts.tsx';
import { categoryTakes } from './transfer-targets.ts';

/**
 * Sends the client to another category or counter, with an optional note for the next clerk.
 * The lists are read again when the dialog opens, so a category that closed or a counter that
 * opened since the panel loaded shows as it is now.
 */
export function TransferDialog(props: {
  t: Strings;
  lang: Language;
  /** The clerk's own counter, which is no place to send the client. */
  counterId: string;
  categories: PublicCategory[];
  counters: Counter[];
  onClose: () => void;
  onConfirm: (b: TransferBody) => Promise<string | null>;
}) {
  const { t } = props;
  const [categories, setCategories] = useState(props.categories);
  const [counters, setCounters] = useState(props.counters);
  useEffect(() => {
    let live = true;
    Promise.all([
      api<PublicCategory[]>('GET', '/api/categories'),
      api<Counter[]>('GET', '/api/counters'),
    ]).then(
      ([cats, cs]) => {
        if (!live) return;
        setCategories(cats);
        setCounters(cs);
      },
      // Without a fresh answer the lists the panel loaded stay; the server still refuses what it must.
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  const others = counters.filter((c) => c.active && c.id !== props.counterId);
  const [categoryId, setCategoryId] = useState('');
  const [counterId, setCounterId] = useState('');
  const [note, setNote] = useState('');
  const [targetError, setTargetError] = useState('');
  const chosenCounter = others.find((c) => c.id === counterId);
  const closedHint = chosenCounter ? fmt(t.counterClosedHint, { name: chosenCounter.name }) : '';
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
      <Field
        label={t.toCategory}
        error={targetError}
        {...(categories.some((c) => categoryTakes(c, counters) !== 'yes')
          ? { hint: t.transferClosedHint }
          : {})}
      >
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
            {categories.map((c) => {
              const name = `${c.prefix} – ${nameIn(c.names, props.lang)}`;
              const takes = categoryTakes(c, counters);
              // A counter chosen below calls the client whatever its categories: only the hours matter then.
              const refused = takes === 'closed' || (takes === 'no_counter' && !counterId);
              return (
                <option key={c.id} value={c.id} disabled={refused && c.id !== categoryId}>
                  {takes === 'yes'
                    ? name
                    : fmt(takes === 'closed' ? t.categoryClosedNow : t.categoryNoCounter, { name })}
                </option>
              );
            })}
          </select>
        )}
      </Field>
      <Field label={t.toCounter} {...(chosenCounter?.state === 'closed' ? { hint: closedHint } : {})}>
        {(f) => (
          <select
            id={f.id}
            name="counterId"
            aria-describedby={f.describedBy}
            value={counterId}
            onChange={(e) => setCounterId(e.currentTarget.value)}
          >
            <option value="">{t.anyCounter}</option>
            {others.map((c) => (
              <option key={c.id} value={c.id}>
                {c.state === 'closed'
                  ? fmt(t.counterClosedMark, { name: c.name })
                  : c.state === 'paused'
                    ? fmt(t.counterPausedMark, { name: c.name })
                    : c.name}
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
            maxLength={TEXT_LIMITS.transferNote}
            rows={3}
            value={note}
            onInput={(e) => setNote(e.currentTarget.value)}
          />
        )}
      </Field>
    </DialogForm>
  );
}
