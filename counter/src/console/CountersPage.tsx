import type { Category, Counter, CounterActionResult, CounterCreate, CounterDetail } from '@numerek/shared';
import { TEXT_LIMITS } from '@numerek/shared/text-limits';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { fmt, nameIn } from '../i18n.ts';
import {
  CheckField,
  FormFooter,
  Section,
  TextField,
  optionalInt,
  useDraft,
  useAdded,
  useFormState,
  useResource,
  type FieldErrors,
  DataTable,
} from './forms.tsx';
import { useWords, type ConsoleStrings } from './words.ts';

interface Draft {
  name: string;
  number: string;
  categoryIds: string[];
  inductionLoop: boolean;
  lowDesk: boolean;
  signLanguage: boolean;
  active: boolean;
}

const toDraft = (c: Counter | null): Draft => ({
  name: c?.name ?? '',
  number: c ? String(c.number) : '',
  categoryIds: c?.categoryIds ?? [],
  inductionLoop: c?.accessibility.inductionLoop ?? false,
  lowDesk: c?.accessibility.lowDesk ?? false,
  signLanguage: c?.accessibility.signLanguage ?? false,
  active: c?.active ?? true,
});

/** The counter's facilities, in words. */
const flagsText = (c: Counter, flags: ConsoleStrings['counters']['flags']) =>
  (Object.keys(flags) as Array<keyof typeof flags>)
    .filter((k) => c.accessibility[k])
    .map((k) => flags[k])
    .join(', ') || '—';

export function CountersPage(props: { version: number }) {
  const { t, c: words } = useWords();
  const w = words.counters;
  const counters = useResource<Counter[]>('/api/admin/counters', props.version);
  const categories = useResource<Category[]>('/api/admin/categories');
  const [editing, setEditing] = useState<Counter | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const { addButton, added } = useAdded(
    () => setEditing(null),
    setStatus,
    () => counters.reload(),
  );
  const prefixes = (ids: string[]) =>
    ids.map((id) => categories.data?.find((c) => c.id === id)?.prefix ?? '?').join(', ') || '—';

  const remove = async (c: Counter) => {
    if (!confirm(fmt(w.confirmRemove, { name: c.name }))) return;
    try {
      await api('DELETE', `/api/admin/counters/${c.id}`);
      setStatus(fmt(w.removed, { name: c.name }));
    } catch (e) {
      setStatus(errorText(t, e));
    }
    counters.reload();
  };

  /**
   * Closes a counter for its clerk, after saying what becomes of the client at it: called but not
   * served, they go back to the queue in their place; in service, their service is finished.
   */
  const close = async (c: Counter) => {
    let ticket: CounterDetail['ticket'];
    try {
      ticket = (await api<CounterDetail>('GET', `/api/counters/${c.id}`)).ticket;
    } catch (e) {
      setStatus(errorText(t, e));
      return;
    }
    const now = ticket?.state === 'called' ? 'called' : ticket?.state === 'serving' ? 'serving' : 'idle';
    const ask = fmt(w.confirmClose[now], {
      name: c.name,
      clerk: c.clerk?.displayName ?? '',
      ticket: ticket?.code ?? '',
    });
    if (!confirm(ask)) return;
    try {
      const done = await api<CounterActionResult>('POST', `/api/counters/${c.id}/close`, {});
      const became = done.ticket?.state;
      const said = became === 'waiting' ? 'returned_to_queue' : became === 'finished' ? 'finished' : 'idle';
      setStatus(fmt(w.closed[said], { name: c.name, ticket: done.ticket?.code ?? '' }));
    } catch (e) {
      setStatus(errorText(t, e));
    }
    counters.reload();
  };

  return (
    <>
      <Section title={w.list}>
        <p class="result" role="status">
          {status || counters.error}
        </p>
        <DataTable label={w.table} columns={w.columns}>
          {(counters.data ?? []).map((c) => (
            <tr key={c.id}>
              <td>{c.number}</td>
              <th scope="row">{c.name}</th>
              <td>{prefixes(c.categoryIds)}</td>
              <td>{flagsText(c, w.flags)}</td>
              <td>
                {c.active
                  ? c.clerk
                    ? fmt(w.withClerk, { state: w.states[c.state], clerk: c.clerk.displayName })
                    : w.states[c.state]
                  : w.inactive}
              </td>
              <td class="row-actions">
                <button type="button" class="btn small" onClick={() => setEditing(c)}>
                  {words.edit} <span class="visually-hidden">{c.name}</span>
                </button>
                <button type="button" class="btn small" onClick={() => void remove(c)}>
                  {words.remove} <span class="visually-hidden">{c.name}</span>
                </button>
                {c.state !== 'closed' && (
                  <button type="button" class="btn small" onClick={() => void close(c)}>
                    {w.close} <span class="visually-hidden">{c.name}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
        <button type="button" class="btn primary" ref={addButton} onClick={() => setEditing('new')}>
          {w.add}
        </button>
      </Section>
      {editing && (
        <CounterForm
          key={editing === 'new' ? 'new' : editing.id}
          counter={editing === 'new' ? null : editing}
          categories={categories.data ?? []}
          onSaved={counters.reload}
          onCreated={added}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function CounterForm(props: {
  counter: Counter | null;
  categories: Category[];
  onSaved: () => void;
  /** After a new counter is added, with the sentence that says so. */
  onCreated: (said: string) => void;
  onClose: () => void;
}) {
  const { lang, c: words } = useWords();
  const w = words.counters;
  const { d, set } = useDraft<Draft>(() => toDraft(props.counter));
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    const errors: FieldErrors = {};
    if (!d.name.trim()) errors.name = w.errName;
    const n = optionalInt(d.number);
    if (n !== null && !(n >= 1 && n <= 999)) errors.number = w.errNumber;
    let said = '';
    void f
      .submit(errors, async () => {
        const body: CounterCreate = {
          name: d.name.trim(),
          ...(n !== null ? { number: n } : {}),
          categoryIds: d.categoryIds,
          accessibility: { inductionLoop: d.inductionLoop, lowDesk: d.lowDesk, signLanguage: d.signLanguage },
          active: d.active,
        };
        if (props.counter) await api('PATCH', `/api/admin/counters/${props.counter.id}`, body);
        else await api('POST', '/api/admin/counters', body);
        said = fmt(w.saved, { name: body.name });
        return said;
      })
      .then((ok) => {
        if (ok && props.counter) props.onSaved();
        else if (ok) props.onCreated(said);
      });
  };
  return (
    <Section title={props.counter ? fmt(words.editing, { name: props.counter.name }) : w.new} focus>
      <form class="form grid-form" onSubmit={save} noValidate>
        <TextField
          label={w.name}
          name="name"
          value={d.name}
          onInput={set('name')}
          errors={f.errors}
          maxLength={TEXT_LIMITS.counterName}
        />
        <TextField
          label={w.number}
          name="number"
          value={d.number}
          onInput={set('number')}
          errors={f.errors}
        />
        <fieldset class="checks">
          <legend>{w.categories}</legend>
          {props.categories.map((c) => (
            <label class="check" key={c.id}>
              <input
                type="checkbox"
                checked={d.categoryIds.includes(c.id)}
                onChange={(e) =>
                  set('categoryIds')(
                    e.currentTarget.checked
                      ? [...d.categoryIds, c.id]
                      : d.categoryIds.filter((x) => x !== c.id),
                  )
                }
              />
              <span>
                {c.prefix} – {nameIn(c.names, lang)}
              </span>
            </label>
          ))}
          {f.errors.categoryIds && <span class="field-error">{f.errors.categoryIds}</span>}
        </fieldset>
        <fieldset class="checks">
          <legend>{w.amenities}</legend>
          <CheckField
            label={w.inductionLoop}
            name="accessibility.inductionLoop"
            checked={d.inductionLoop}
            onChange={set('inductionLoop')}
            errors={f.errors}
          />
          <CheckField
            label={w.lowDesk}
            name="accessibility.lowDesk"
            checked={d.lowDesk}
            onChange={set('lowDesk')}
            errors={f.errors}
          />
          <CheckField
            label={w.signLanguage}
            name="accessibility.signLanguage"
            checked={d.signLanguage}
            onChange={set('signLanguage')}
            errors={f.errors}
          />
        </fieldset>
        <CheckField
          label={w.activeField}
          name="active"
          checked={d.active}
          onChange={set('active')}
          errors={f.errors}
        />
        <FormFooter f={f} onClose={props.onClose} />
      </form>
    </Section>
  );
}
