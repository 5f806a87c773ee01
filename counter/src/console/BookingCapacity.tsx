import type { BookingSettings, Category, Language } from '@numerek/shared';
import { BOOKING_SETTING_LIMITS, type BookingNumberSetting } from '@numerek/shared/booking';
import { useState } from 'preact/hooks';
import { api, type ApiError } from '../api.ts';
import { fmt, nameIn } from '../i18n.ts';
import {
  BOOKING_NUMBER_FIELDS,
  bookingDraftOf,
  bookingPatchOf,
  outOfRange,
  type BookingSettingsDraft,
} from './booking-settings-draft.ts';
import {
  CheckField,
  DataTable,
  FormFooter,
  Section,
  TextField,
  useFormState,
  type FieldErrors,
} from './forms.tsx';
import { useWords } from './words.ts';
import { BOOKINGS_CONSOLE } from './words/bookings.ts';

/** A category as the bookings page names it: its letter and its name in the reader's language. */
export const categoryLabel = (c: Category, lang: Language) => `${c.prefix} ${nameIn(c.names, lang)}`;

const rangeOf = (f: BookingNumberSetting) => {
  const [min, max] = BOOKING_SETTING_LIMITS[f];
  return { min, max };
};

/**
 * Every category's booking capacity, and the form that sets one category's: whether it takes
 * bookings, its slots, the days that can be booked, the walk-ins' share, the booked clients' place
 * in the queue and the check-in window (docs/decisions/0033-bookings.md).
 */
export function BookingCapacity(props: {
  categories: Category[];
  settings: BookingSettings[];
  onSaved: () => void;
}) {
  const { lang, c } = useWords();
  const w = BOOKINGS_CONSOLE[lang].capacity;
  const [editing, setEditing] = useState<string | null>(null);
  const byCategory = new Map(props.settings.map((s) => [s.categoryId, s]));
  const rows = props.categories.flatMap((category) => {
    const s = byCategory.get(category.id);
    return s ? [{ category, s }] : [];
  });
  const chosen = rows.find((r) => r.category.id === editing);
  return (
    <>
      <Section title={w.title}>
        <p>{w.intro}</p>
        <DataTable label={w.table} columns={w.columns}>
          {rows.map(({ category, s }) => {
            const name = categoryLabel(category, lang);
            return (
              <tr key={category.id}>
                <th scope="row">{name}</th>
                <td>{s.enabled ? w.on : w.off}</td>
                <td>{fmt(c.minutes, { n: s.slotMinutes })}</td>
                <td>{s.perSlot}</td>
                <td>{fmt(w.days, { from: s.daysFrom, to: s.daysAhead })}</td>
                <td>{fmt(w.percent, { n: s.walkInPercent })}</td>
                <td class="row-actions">
                  <button type="button" class="btn small" onClick={() => setEditing(category.id)}>
                    {c.edit} <span class="visually-hidden">{name}</span>
                  </button>
                </td>
              </tr>
            );
          })}
        </DataTable>
      </Section>
      {chosen && (
        <CapacityForm
          key={chosen.category.id}
          category={chosen.category}
          settings={chosen.s}
          onSaved={props.onSaved}
          onClose={() => setEditing(null)}
        />
      )}
    </>
  );
}

function CapacityForm(props: {
  category: Category;
  settings: BookingSettings;
  onSaved: () => void;
  onClose: () => void;
}) {
  const { lang } = useWords();
  const w = BOOKINGS_CONSOLE[lang].capacity;
  const name = categoryLabel(props.category, lang);
  const [d, setD] = useState<BookingSettingsDraft>(() => bookingDraftOf(props.settings));
  // The server names the field it refused: the bounds are checked here first, so a refusal of
  // `daysAhead` is the rule that joins two fields (not before the first bookable day).
  const f = useFormState((field: string, e: ApiError) => {
    if (e.code !== 'VALIDATION_FAILED') return undefined;
    if (field === 'daysAhead') return w.errDaysOrder;
    const number = BOOKING_NUMBER_FIELDS.find((n) => n === field);
    return number ? fmt(w.errRange, rangeOf(number)) : undefined;
  });
  const setNumber = (field: keyof BookingSettingsDraft['numbers']) => (v: string) =>
    setD((p) => ({ ...p, numbers: { ...p.numbers, [field]: v } }));

  const save = (e: Event) => {
    e.preventDefault();
    const check: FieldErrors = Object.fromEntries(
      outOfRange(d).map((field) => [field, fmt(w.errRange, rangeOf(field))]),
    );
    void f
      .submit(check, async () => {
        const saved = await api<BookingSettings>(
          'PATCH',
          `/api/admin/bookings/settings/${props.category.id}`,
          bookingPatchOf(d),
        );
        setD(bookingDraftOf(saved));
        return fmt(w.saved, { name });
      })
      .then((ok) => ok && props.onSaved());
  };

  return (
    <Section title={fmt(w.formTitle, { name })} focus>
      <form class="form grid-form" onSubmit={save} noValidate data-booking-settings={props.category.prefix}>
        <CheckField
          label={w.enabled}
          name="enabled"
          checked={d.enabled}
          onChange={(v) => setD((p) => ({ ...p, enabled: v }))}
          errors={f.errors}
        />
        <CheckField
          label={w.contactRequired}
          name="contactRequired"
          checked={d.contactRequired}
          onChange={(v) => setD((p) => ({ ...p, contactRequired: v }))}
          errors={f.errors}
        />
        {props.category.openingHours === null && <p class="hint">{w.noHours}</p>}
        {BOOKING_NUMBER_FIELDS.map((field) => {
          const words = w.fields[field];
          const range = fmt(w.range, rangeOf(field));
          return (
            <TextField
              key={field}
              label={words.label}
              name={field}
              value={d.numbers[field]}
              onInput={setNumber(field)}
              errors={f.errors}
              hint={words.hint ? `${words.hint} ${range}` : range}
              inputMode="numeric"
            />
          );
        })}
        <FormFooter f={f} onClose={props.onClose} />
      </form>
    </Section>
  );
}
