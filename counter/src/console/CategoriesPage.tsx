import type { Category, CategoryCreate, OpeningInterval } from '@numerek/shared';
import { TEXT_LIMITS } from '@numerek/shared/text-limits';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { fmt, nameIn } from '../i18n.ts';
import {
  CheckField,
  FormFooter,
  NameFields,
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
import { useWords, weekdayName, type ConsoleStrings } from './words.ts';

/** The weekdays, Monday (0) to Sunday (6). */
const DAYS = [0, 1, 2, 3, 4, 5, 6] as const;
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

function check(d: Draft, w: ConsoleStrings['categories'], dayName: (i: number) => string): FieldErrors {
  const e: FieldErrors = {};
  if (!/^[A-Z]{1,3}$/.test(d.prefix)) e.prefix = w.errPrefix;
  if (!d.pl.trim()) e['names.pl'] = w.errName;
  const limit = optionalInt(d.dailyLimit);
  if (limit !== null && !(limit >= 1 && limit <= 9999)) e.dailyLimit = w.errDailyLimit;
  const wait = optionalInt(d.maxWait);
  if (wait !== null && !(wait >= 1 && wait <= 1440)) e.maxWaitMinutes = w.errMaxWait;
  if (!d.alwaysOpen) {
    d.hours.forEach((h, i) => {
      if (!h.open && !h.close) return;
      if (!CLOCK.test(h.open) || !CLOCK.test(h.close) || h.open >= h.close)
        e[`hours.${i}`] = fmt(w.errHours, { day: dayName(i) });
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
  const { lang, t, c: words } = useWords();
  const w = words.categories;
  const name = (c: Category) => nameIn(c.names, lang);
  const list = useResource<Category[]>('/api/admin/categories');
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const [status, setStatus] = useState('');
  const { addButton, added } = useAdded(
    () => setEditing(null),
    setStatus,
    () => list.reload(),
  );
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
      setStatus(fmt(w.moved, { name: name(item) }));
    } catch (e) {
      setStatus(errorText(t, e));
    }
    list.reload();
  };

  const toggle = async (c: Category) => {
    try {
      await api('PATCH', `/api/admin/categories/${c.id}`, { active: !c.active });
      setStatus(fmt(c.active ? w.disabled : w.enabled, { name: name(c) }));
    } catch (e) {
      setStatus(errorText(t, e));
    }
    list.reload();
  };

  return (
    <>
      <Section title={w.list}>
        <p class="hint">{w.hint}</p>
        <p class="result" role="status">
          {status || list.error}
        </p>
        <DataTable label={w.table} columns={w.columns}>
          {sorted.map((c, i) => (
            <tr key={c.id}>
              <td>{c.prefix}</td>
              <th scope="row">{name(c)}</th>
              <td>{c.active ? w.active : w.inactive}</td>
              <td>{c.dailyLimit ?? '—'}</td>
              <td>{c.maxWaitMinutes === null ? '—' : fmt(words.minutes, { n: c.maxWaitMinutes })}</td>
              <td class="row-actions">
                <button type="button" class="btn small" onClick={() => setEditing(c)}>
                  {words.edit} <span class="visually-hidden">{name(c)}</span>
                </button>
                <button type="button" class="btn small" disabled={i === 0} onClick={() => void move(i, -1)}>
                  {w.up} <span class="visually-hidden">{name(c)}</span>
                </button>
                <button
                  type="button"
                  class="btn small"
                  disabled={i === sorted.length - 1}
                  onClick={() => void move(i, 1)}
                >
                  {w.down} <span class="visually-hidden">{name(c)}</span>
                </button>
                <button type="button" class="btn small" onClick={() => void toggle(c)}>
                  {c.active ? w.disable : w.enable} <span class="visually-hidden">{name(c)}</span>
                </button>
              </td>
            </tr>
          ))}
        </DataTable>
        <button type="button" class="btn primary" ref={addButton} onClick={() => setEditing('new')}>
          {w.add}
        </button>
      </Section>
      {editing && (
        <CategoryForm
          key={editing === 'new' ? 'new' : editing.id}
          category={editing === 'new' ? null : editing}
          nextOrder={(sorted.length + 1) * 10}
          onSaved={() => list.reload()}
          onCreated={added}
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
  /** After a new category is added, with the sentence that says so. */
  onCreated: (said: string) => void;
  onClose: () => void;
}) {
  const { lang, c: words } = useWords();
  const w = words.categories;
  const { d, set, setD } = useDraft<Draft>(() => (props.category ? toDraft(props.category) : EMPTY));
  const f = useFormState();
  const setHour = (i: number, which: 'open' | 'close', v: string) =>
    setD((p) => ({ ...p, hours: p.hours.map((h, j) => (j === i ? { ...h, [which]: v } : h)) }));

  const save = (e: Event) => {
    e.preventDefault();
    let said = '';
    void f
      .submit(
        check(d, w, (i) => weekdayName(lang, i)),
        async () => {
          const body = toBody(d);
          if (props.category) {
            await api('PATCH', `/api/admin/categories/${props.category.id}`, body);
            return fmt(w.saved, { name: nameIn(body.names, lang) });
          }
          await api('POST', '/api/admin/categories', { ...body, displayOrder: props.nextOrder });
          said = fmt(w.added, { name: nameIn(body.names, lang) });
          return said;
        },
      )
      .then((ok) => {
        if (ok && props.category) props.onSaved();
        else if (ok) props.onCreated(said);
      });
  };

  return (
    <Section
      title={props.category ? fmt(words.editing, { name: nameIn(props.category.names, lang) }) : w.new}
      focus
    >
      <form class="form grid-form" onSubmit={save} noValidate>
        <TextField
          label={w.prefix}
          name="prefix"
          value={d.prefix}
          onInput={(v) => set('prefix')(v.toUpperCase())}
          errors={f.errors}
          hint={w.prefixHint}
        />
        <NameFields values={d} onInput={set} errors={f.errors} />
        <TextField
          label={w.descPl}
          name="descriptions.pl"
          value={d.descPl}
          onInput={set('descPl')}
          errors={f.errors}
          maxLength={TEXT_LIMITS.text}
          multiline
        />
        <TextField
          label={w.dailyLimit}
          name="dailyLimit"
          value={d.dailyLimit}
          onInput={set('dailyLimit')}
          errors={f.errors}
          hint={words.noLimit}
          type="text"
        />
        <TextField
          label={w.maxWait}
          name="maxWaitMinutes"
          value={d.maxWait}
          onInput={set('maxWait')}
          errors={f.errors}
          hint={w.maxWaitHint}
        />
        <CheckField
          label={w.stopNearClosing}
          name="stopIssuingNearClosing"
          checked={d.stopNearClosing}
          onChange={set('stopNearClosing')}
          errors={f.errors}
        />
        <CheckField
          label={w.activeField}
          name="active"
          checked={d.active}
          onChange={set('active')}
          errors={f.errors}
        />
        <fieldset class="hours">
          <legend>{w.hours}</legend>
          <CheckField
            label={w.alwaysOpen}
            name="alwaysOpen"
            checked={d.alwaysOpen}
            onChange={set('alwaysOpen')}
          />
          {!d.alwaysOpen &&
            DAYS.map((i) => (
              <div class="hours-row" key={i}>
                <span class="day" id={`day-${i}`}>
                  {weekdayName(lang, i)}
                </span>
                <label>
                  <span class="visually-hidden">{weekdayName(lang, i)}: </span>
                  {w.from}
                  <input
                    type="time"
                    value={d.hours[i]?.open ?? ''}
                    onInput={(e) => setHour(i, 'open', e.currentTarget.value)}
                    aria-invalid={!!f.errors[`hours.${i}`]}
                  />
                </label>
                <label>
                  <span class="visually-hidden">{weekdayName(lang, i)}: </span>
                  {w.to}
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
          {!d.alwaysOpen && <p class="hint">{w.closedDay}</p>}
          {Object.entries(f.errors)
            .filter(([k]) => k.startsWith('openingHours'))
            .map(([k, m]) => (
              <span class="field-error" key={k}>
                {m}
              </span>
            ))}
        </fieldset>
        <FormFooter f={f} onClose={props.onClose} saveLabel={props.category ? words.save : words.add} />
      </form>
    </Section>
  );
}
