import type { BookingDayPlan, BookingSettings, Category } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { fmt } from '../i18n.ts';
import { categoryLabel } from './BookingCapacity.tsx';
import { bookingsOf, dayTotals, officeTime, slotRows } from './booking-day.ts';
import { DataTable, DateField, Section, SelectField, useResource } from './forms.tsx';
import { labelOf } from './labels.ts';
import { addDays, isDay } from './report-dates.ts';
import { dayInWords, useWords, weekdayName } from './words.ts';
import { BOOKINGS_CONSOLE } from './words/bookings.ts';
import { officeToday } from './office-day.ts';

/** A day in words with its weekday, e.g. "wtorek, 8 grudnia 2026". */
function dayName(lang: Parameters<typeof dayInWords>[0], day: string): string {
  const weekday = (new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7;
  return `${weekdayName(lang, weekday)}, ${dayInWords(lang, day)}`;
}

/**
 * The booked slots of a category's day: places, bookings, check-ins, no-shows and free places per
 * slot (the slots kept for walk-ins said in words), then the day's bookings. No contact and no
 * code: what a supervisor plans with, not what would let someone check a booking in.
 */
export function BookedSlots(props: { categories: Category[]; settings: BookingSettings[]; version: number }) {
  const { lang, t } = useWords();
  const w = BOOKINGS_CONSOLE[lang].plan;
  const enabled = new Set(props.settings.filter((s) => s.enabled).map((s) => s.categoryId));
  const first = props.categories.find((c) => enabled.has(c.id)) ?? props.categories[0];
  const [chosen, setChosen] = useState<string | null>(null);
  const categoryId = chosen ?? first?.id ?? '';
  const category = props.categories.find((c) => c.id === categoryId);
  const [day, setDay] = useState(() => officeToday());
  const valid = isDay(day);
  // The whole office's day, so that choosing another category needs no request; read again on
  // every live change (`version`): bookings made, moved, cancelled or missed, and check-ins.
  const plan = useResource<BookingDayPlan>(valid ? `/api/admin/bookings?day=${day}` : null, props.version);
  const current = valid && plan.data?.day === day ? plan.data : null;

  return (
    <Section title={w.title}>
      <p>{w.intro}</p>
      <div class="form inline-form">
        <SelectField
          label={w.category}
          name="planCategory"
          value={categoryId}
          onChange={setChosen}
          errors={{}}
          options={props.categories.map((c) => [c.id, categoryLabel(c, lang)] as const)}
        />
        <DateField
          label={w.day}
          name="planDay"
          value={day}
          error={valid ? undefined : w.badDay}
          onChange={setDay}
        />
        <button type="button" class="btn" disabled={!valid} onClick={() => setDay(addDays(day, -1))}>
          {w.previousDay}
        </button>
        <button type="button" class="btn" disabled={!valid} onClick={() => setDay(addDays(day, 1))}>
          {w.nextDay}
        </button>
      </div>
      {valid &&
        category &&
        (current ? (
          <Plan plan={current} category={category} />
        ) : (
          <p role="status">{plan.error || t.loading}</p>
        ))}
    </Section>
  );
}

function Plan(props: { plan: BookingDayPlan; category: Category }) {
  const { lang } = useWords();
  const w = BOOKINGS_CONSOLE[lang].plan;
  const name = categoryLabel(props.category, lang);
  const when = dayName(lang, props.plan.day);
  const rows = slotRows(props.plan, props.category.id);
  const bookings = bookingsOf(props.plan, props.category.id);
  return (
    <>
      {rows.length === 0 ? (
        <p>{w.noSlots}</p>
      ) : (
        <>
          <p role="status">{fmt(w.totals, dayTotals(rows))}</p>
          <DataTable
            label={fmt(w.slotsCaption, { name, day: when })}
            caption={fmt(w.slotsCaption, { name, day: when })}
            columns={w.slotColumns}
          >
            {rows.map((r) => (
              <tr key={r.at} data-slot={r.time}>
                <th scope="row">{r.time}</th>
                <td>{r.walkIn ? w.walkIn : r.places}</td>
                <td>{r.booked}</td>
                <td>{r.checkedIn}</td>
                <td>{r.noShow}</td>
                <td>{r.walkIn ? '—' : r.free}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
      {bookings.length === 0 ? (
        <p>{w.noBookings}</p>
      ) : (
        <DataTable
          label={fmt(w.bookingsCaption, { name, day: when })}
          caption={fmt(w.bookingsCaption, { name, day: when })}
          columns={w.bookingColumns}
        >
          {bookings.map((b) => (
            <tr key={b.id} data-booking={b.status}>
              <th scope="row">{b.time}</th>
              <td>{labelOf(w.status, b.status)}</td>
              <td>{b.checkedInAt ? officeTime(b, b.checkedInAt) : '—'}</td>
              <td>{labelOf(w.source, b.source)}</td>
              <td>
                {b.ticketId ? (
                  <a href={`#/console/ticket/${b.ticketId}`}>
                    {w.ticket} <span class="visually-hidden">{b.time}</span>
                  </a>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
