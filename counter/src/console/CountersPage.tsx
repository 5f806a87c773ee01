import type { Category, Counter, CounterCreate } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { api, messageOf } from '../api.ts';
import {
  CheckField,
  FormFooter,
  Section,
  TextField,
  optionalInt,
  useDraft,
  useFormState,
  useResource,
  type FieldErrors,
  DataTable,
} from './forms.tsx';

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

export const flagsText = (c: Counter) =>
  [
    c.accessibility.inductionLoop && 'pętla indukcyjna',
    c.accessibility.lowDesk && 'niski blat',
    c.accessibility.signLanguage && 'PJM',
  ]
    .filter(Boolean)
    .join(', ') || '—';

export function CountersPage(props: { version: number }) {
  const counters = useResource<Counter[]>('/api/admin/counters', props.version);
  const categories = useResource<Category[]>('/api/admin/categories');
  const [editing, setEditing] = useState<Counter | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const prefixes = (ids: string[]) =>
    ids.map((id) => categories.data?.find((c) => c.id === id)?.prefix ?? '?').join(', ') || '—';

  const remove = async (c: Counter) => {
    if (!confirm(`Usunąć ${c.name}?`)) return;
    try {
      await api('DELETE', `/api/admin/counters/${c.id}`);
      setStatus(`Usunięto ${c.name}.`);
    } catch (e) {
      setStatus(messageOf(e));
    }
    counters.reload();
  };

  return (
    <>
      <Section title="Lista stanowisk">
        <p class="result" role="status">
          {status || counters.error}
        </p>
        <DataTable
          label="Stanowiska"
          columns={['Nr', 'Nazwa', 'Sprawy', 'Udogodnienia', 'Stan', 'Czynności']}
        >
          {(counters.data ?? []).map((c) => (
            <tr key={c.id}>
              <td>{c.number}</td>
              <th scope="row">{c.name}</th>
              <td>{prefixes(c.categoryIds)}</td>
              <td>{flagsText(c)}</td>
              <td>
                {c.active
                  ? c.clerk
                    ? `${c.state}: ${c.clerk.displayName}`
                    : c.state === 'closed'
                      ? 'zamknięte'
                      : c.state
                  : 'wyłączone'}
              </td>
              <td class="row-actions">
                <button type="button" class="btn small" onClick={() => setEditing(c)}>
                  Edytuj <span class="visually-hidden">{c.name}</span>
                </button>
                <button type="button" class="btn small" onClick={() => void remove(c)}>
                  Usuń <span class="visually-hidden">{c.name}</span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
        <button type="button" class="btn primary" onClick={() => setEditing('new')}>
          Dodaj stanowisko
        </button>
      </Section>
      {editing && (
        <CounterForm
          key={editing === 'new' ? 'new' : editing.id}
          counter={editing === 'new' ? null : editing}
          categories={categories.data ?? []}
          onSaved={counters.reload}
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
  onClose: () => void;
}) {
  const { d, set } = useDraft<Draft>(() => toDraft(props.counter));
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    const errors: FieldErrors = {};
    if (!d.name.trim()) errors.name = 'Podaj nazwę, np. „Stanowisko 7”.';
    const n = optionalInt(d.number);
    if (n !== null && !(n >= 1 && n <= 999)) errors.number = 'Numer: od 1 do 999 albo puste (kolejny wolny).';
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
        return `Zapisano ${body.name}.`;
      })
      .then((ok) => ok && props.onSaved());
  };
  return (
    <Section title={props.counter ? `Edycja: ${props.counter.name}` : 'Nowe stanowisko'} focus>
      <form class="form grid-form" onSubmit={save} noValidate>
        <TextField label="Nazwa" name="name" value={d.name} onInput={set('name')} errors={f.errors} />
        <TextField
          label="Numer (wyświetlany w hali)"
          name="number"
          value={d.number}
          onInput={set('number')}
          errors={f.errors}
        />
        <fieldset class="checks">
          <legend>Obsługiwane sprawy</legend>
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
                {c.prefix} – {c.names.pl}
              </span>
            </label>
          ))}
          {f.errors.categoryIds && <span class="field-error">{f.errors.categoryIds}</span>}
        </fieldset>
        <fieldset class="checks">
          <legend>Udogodnienia (biletomat i monitor mogą kierować do takich stanowisk)</legend>
          <CheckField
            label="Pętla indukcyjna"
            name="accessibility.inductionLoop"
            checked={d.inductionLoop}
            onChange={set('inductionLoop')}
            errors={f.errors}
          />
          <CheckField
            label="Niski blat dla osób na wózku"
            name="accessibility.lowDesk"
            checked={d.lowDesk}
            onChange={set('lowDesk')}
            errors={f.errors}
          />
          <CheckField
            label="Tłumacz PJM dostępny"
            name="accessibility.signLanguage"
            checked={d.signLanguage}
            onChange={set('signLanguage')}
            errors={f.errors}
          />
        </fieldset>
        <CheckField
          label="Aktywne"
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
