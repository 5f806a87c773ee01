import type { Category, CategoryCreate, OpeningInterval } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { api, messageOf } from '../api.ts';
import {
  CheckField,
  FormFooter,
  NameFields,
  Section,
  TextField,
  optionalInt,
  useDraft,
  useFormState,
  useResource,
  type FieldErrors,
  DataTable,
} from './forms.tsx';

const DAYS = ['poniedziałek', 'wtorek', 'środa', 'czwartek', 'piątek', 'sobota', 'niedziela'] as const;
const CLOCK = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;

interface Draft {
  prefix: string;
  pl: string;
  en: string;
  uk: string;
  descPl: string;
  dailyLimit: string;
  maxWait: string;
  stopNearClosing: boolean;
  active: boolean;
  alwaysOpen: boolean;
  /** Per weekday (index 0 = Monday): open and close, '' when closed that day. */
  hours: Array<{ open: string; close: string }>;
}

const EMPTY: Draft = {
  prefix: '',
  pl: '',
  en: '',
  uk: '',
  descPl: '',
  dailyLimit: '',
  maxWait: '',
  stopNearClosing: false,
  active: true,
  alwaysOpen: true,
  hours: DAYS.map(() => ({ open: '', close: '' })),
};

// The editor offers one interval per weekday, which is how offices publish their hours; a
// category with two intervals on a day keeps only the first when saved here.
function toDraft(c: Category): Draft {
  return {
    prefix: c.prefix,
    pl: c.names.pl,
    en: c.names.en ?? '',
    uk: c.names.uk ?? '',
    descPl: c.descriptions.pl ?? '',
    dailyLimit: c.dailyLimit?.toString() ?? '',
    maxWait: c.maxWaitMinutes?.toString() ?? '',
    stopNearClosing: c.stopIssuingNearClosing,
    active: c.active,
    alwaysOpen: c.openingHours === null,
    hours: DAYS.map((_, i) => {
      const iv = c.openingHours?.find((h) => h.day === i + 1);
      return { open: iv?.open ?? '', close: iv?.close ?? '' };
    }),
  };
}

function check(d: Draft): FieldErrors {
  const e: FieldErrors = {};
  if (!/^[A-Z]{1,3}$/.test(d.prefix)) e.prefix = 'Prefiks: od 1 do 3 wielkich liter A–Z, np. „A” lub „RD”.';
  if (!d.pl.trim()) e['names.pl'] = 'Podaj nazwę po polsku.';
  const limit = optionalInt(d.dailyLimit);
  if (limit !== null && !(limit >= 1 && limit <= 9999))
    e.dailyLimit = 'Limit dzienny: od 1 do 9999 albo puste (bez limitu).';
  const wait = optionalInt(d.maxWait);
  if (wait !== null && !(wait >= 1 && wait <= 1440))
    e.maxWaitMinutes = 'Maksymalne oczekiwanie: od 1 do 1440 minut albo puste (bez limitu).';
  if (!d.alwaysOpen) {
    d.hours.forEach((h, i) => {
      if (!h.open && !h.close) return;
      if (!CLOCK.test(h.open) || !CLOCK.test(h.close) || h.open >= h.close)
        e[`hours.${i}`] = `${DAYS[i]}: podaj godziny od–do (GG:MM), zamknięcie po otwarciu.`;
    });
  }
  return e;
}

function toBody(d: Draft): CategoryCreate {
  const openingHours: OpeningInterval[] | null = d.alwaysOpen
    ? null
    : d.hours.flatMap((h, i) => (h.open && h.close ? [{ day: i + 1, open: h.open, close: h.close }] : []));
  return {
    prefix: d.prefix,
    names: {
      pl: d.pl.trim(),
      ...(d.en.trim() ? { en: d.en.trim() } : {}),
      ...(d.uk.trim() ? { uk: d.uk.trim() } : {}),
    },
    descriptions: d.descPl.trim() ? { pl: d.descPl.trim() } : {},
    dailyLimit: optionalInt(d.dailyLimit),
    maxWaitMinutes: optionalInt(d.maxWait),
    stopIssuingNearClosing: d.stopNearClosing,
    active: d.active,
    openingHours,
  };
}

export function CategoriesPage() {
  const list = useResource<Category[]>('/api/admin/categories');
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const sorted = [...(list.data ?? [])].sort((a, b) => a.displayOrder - b.displayOrder);

  // Reordering renumbers every category 10, 20, 30… so that later inserts fit in between.
  const move = async (index: number, delta: -1 | 1) => {
    const order = [...sorted];
    const [item] = order.splice(index, 1);
    if (!item) return;
    order.splice(index + delta, 0, item);
    try {
      await Promise.all(
        order.map((c, i) =>
          c.displayOrder === (i + 1) * 10
            ? null
            : api('PATCH', `/api/admin/categories/${c.id}`, { displayOrder: (i + 1) * 10 }),
        ),
      );
      setStatus(`Przesunięto „${item.names.pl}”.`);
    } catch (e) {
      setStatus(messageOf(e));
    }
    list.reload();
  };

  const toggle = async (c: Category) => {
    try {
      await api('PATCH', `/api/admin/categories/${c.id}`, { active: !c.active });
      setStatus(c.active ? `Wyłączono „${c.names.pl}”.` : `Włączono „${c.names.pl}”.`);
    } catch (e) {
      setStatus(messageOf(e));
    }
    list.reload();
  };

  return (
    <>
      <Section title="Lista spraw">
        <p class="hint">
          Kolejność na liście jest kolejnością przycisków na biletomacie. Zmiany widać tam od razu.
        </p>
        <p class="result" role="status">
          {status || list.error}
        </p>
        <DataTable
          label="Sprawy"
          columns={['Prefiks', 'Nazwa', 'Stan', 'Limit dzienny', 'Maks. oczekiwanie', 'Czynności']}
        >
          {sorted.map((c, i) => (
            <tr key={c.id}>
              <td>{c.prefix}</td>
              <th scope="row">{c.names.pl}</th>
              <td>{c.active ? 'aktywna' : 'wyłączona'}</td>
              <td>{c.dailyLimit ?? '—'}</td>
              <td>{c.maxWaitMinutes === null ? '—' : `${c.maxWaitMinutes} min`}</td>
              <td class="row-actions">
                <button type="button" class="btn small" onClick={() => setEditing(c)}>
                  Edytuj <span class="visually-hidden">{c.names.pl}</span>
                </button>
                <button type="button" class="btn small" disabled={i === 0} onClick={() => void move(i, -1)}>
                  W górę <span class="visually-hidden">{c.names.pl}</span>
                </button>
                <button
                  type="button"
                  class="btn small"
                  disabled={i === sorted.length - 1}
                  onClick={() => void move(i, 1)}
                >
                  W dół <span class="visually-hidden">{c.names.pl}</span>
                </button>
                <button type="button" class="btn small" onClick={() => void toggle(c)}>
                  {c.active ? 'Wyłącz' : 'Włącz'} <span class="visually-hidden">{c.names.pl}</span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
        <button type="button" class="btn primary" onClick={() => setEditing('new')}>
          Dodaj sprawę
        </button>
      </Section>
      {editing && (
        <CategoryForm
          key={editing === 'new' ? 'new' : editing.id}
          category={editing === 'new' ? null : editing}
          nextOrder={(sorted.length + 1) * 10}
          onSaved={() => list.reload()}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function CategoryForm(props: {
  category: Category | null;
  nextOrder: number;
  onSaved: () => void;
  onClose: () => void;
}) {
  const { d, set, setD } = useDraft<Draft>(() => (props.category ? toDraft(props.category) : EMPTY));
  const f = useFormState();
  const setHour = (i: number, which: 'open' | 'close', v: string) =>
    setD((p) => ({ ...p, hours: p.hours.map((h, j) => (j === i ? { ...h, [which]: v } : h)) }));

  const save = (e: Event) => {
    e.preventDefault();
    void f
      .submit(check(d), async () => {
        const body = toBody(d);
        if (props.category) {
          await api('PATCH', `/api/admin/categories/${props.category.id}`, body);
          return `Zapisano „${body.names.pl}”.`;
        }
        await api('POST', '/api/admin/categories', { ...body, displayOrder: props.nextOrder });
        return `Dodano „${body.names.pl}”.`;
      })
      .then((ok) => ok && props.onSaved());
  };

  return (
    <Section title={props.category ? `Edycja: ${props.category.names.pl}` : 'Nowa sprawa'} focus>
      <form class="form grid-form" onSubmit={save} noValidate>
        <TextField
          label="Prefiks (litery na bilecie)"
          name="prefix"
          value={d.prefix}
          onInput={(v) => set('prefix')(v.toUpperCase())}
          errors={f.errors}
          hint="1–3 wielkie litery, np. A"
        />
        <NameFields values={d} onInput={set} errors={f.errors} />
        <TextField
          label="Opis po polsku (opcjonalnie)"
          name="descriptions.pl"
          value={d.descPl}
          onInput={set('descPl')}
          errors={f.errors}
          multiline
        />
        <TextField
          label="Limit biletów dziennie"
          name="dailyLimit"
          value={d.dailyLimit}
          onInput={set('dailyLimit')}
          errors={f.errors}
          hint="puste = bez limitu"
          type="text"
        />
        <TextField
          label="Maksymalne oczekiwanie (minuty)"
          name="maxWaitMinutes"
          value={d.maxWait}
          onInput={set('maxWait')}
          errors={f.errors}
          hint="puste = bez limitu; dłużej czekający są wywoływani pierwsi"
        />
        <CheckField
          label="Nie wydawaj biletów tuż przed zamknięciem, jeśli klient nie zdąży być obsłużony"
          name="stopIssuingNearClosing"
          checked={d.stopNearClosing}
          onChange={set('stopNearClosing')}
          errors={f.errors}
        />
        <CheckField
          label="Aktywna (widoczna na biletomacie)"
          name="active"
          checked={d.active}
          onChange={set('active')}
          errors={f.errors}
        />
        <fieldset class="hours">
          <legend>Godziny wydawania biletów</legend>
          <CheckField
            label="Bez stałych godzin (zawsze otwarte)"
            name="alwaysOpen"
            checked={d.alwaysOpen}
            onChange={set('alwaysOpen')}
          />
          {!d.alwaysOpen &&
            DAYS.map((day, i) => (
              <div class="hours-row" key={day}>
                <span class="day" id={`day-${i}`}>
                  {day}
                </span>
                <label>
                  <span class="visually-hidden">{day}: </span>od
                  <input
                    type="time"
                    value={d.hours[i]?.open ?? ''}
                    onInput={(e) => setHour(i, 'open', e.currentTarget.value)}
                    aria-invalid={!!f.errors[`hours.${i}`]}
                  />
                </label>
                <label>
                  <span class="visually-hidden">{day}: </span>do
                  <input
                    type="time"
                    value={d.hours[i]?.close ?? ''}
                    onInput={(e) => setHour(i, 'close', e.currentTarget.value)}
                    aria-invalid={!!f.errors[`hours.${i}`]}
                  />
                </label>
                {f.errors[`hours.${i}`] && <span class="field-error">{f.errors[`hours.${i}`]}</span>}
              </div>
            ))}
          {!d.alwaysOpen && <p class="hint">Dzień bez godzin jest dniem zamkniętym.</p>}
          {Object.entries(f.errors)
            .filter(([k]) => k.startsWith('openingHours'))
            .map(([k, m]) => (
              <span class="field-error" key={k}>
                {m}
              </span>
            ))}
        </fieldset>
        <FormFooter f={f} onClose={props.onClose} saveLabel={props.category ? 'Zapisz' : 'Dodaj'} />
      </form>
    </Section>
  );
}
