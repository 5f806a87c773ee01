import type { BookingFeed, BookingOfficeSettings, BookingSettings, Category } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { fmt, nameIn } from '../i18n.ts';
import { BookedSlots } from './BookedSlots.tsx';
import { BookingCapacity } from './BookingCapacity.tsx';
import { CheckField, DataTable, FormMessages, Section, useFormState, useResource } from './forms.tsx';
import { useWords } from './words.ts';
import { BOOKINGS_CONSOLE } from './words/bookings.ts';

/**
 * Bookings in the console: every category's booking capacity, the booked slots of a day, whether
 * clients may check in with their phone number, and a secret calendar address per category that
 * takes bookings (shown once; a new one ends the old).
 */
export function BookingsPage(props: { version: number }) {
  const { lang, t } = useWords();
  const w = BOOKINGS_CONSOLE[lang];
  const office = useResource<BookingOfficeSettings>('/api/admin/bookings/office');
  const categories = useResource<Category[]>('/api/admin/categories');
  const settings = useResource<BookingSettings[]>('/api/admin/bookings/settings');
  const sorted = [...(categories.data ?? [])].sort((a, b) => a.displayOrder - b.displayOrder);
  const loaded = categories.data && settings.data ? settings.data : null;
  return (
    <>
      {loaded ? (
        <>
          <BookingCapacity categories={sorted} settings={loaded} onSaved={settings.reload} />
          <BookedSlots categories={sorted} settings={loaded} version={props.version} />
        </>
      ) : (
        <Section title={w.capacity.title}>
          <p role="status">{categories.error || settings.error || t.loading}</p>
        </Section>
      )}
      <Section title={w.checkIn}>
        <p>{w.checkInIntro}</p>
        {office.data ? (
          <CheckInForm initial={office.data} />
        ) : (
          <p role="status">{office.error || t.loading}</p>
        )}
      </Section>
      {loaded && <Feeds categories={sorted} settings={loaded} />}
    </>
  );
}

function CheckInForm(props: { initial: BookingOfficeSettings }) {
  const { lang } = useWords();
  const w = BOOKINGS_CONSOLE[lang];
  const [s, setS] = useState(props.initial);
  const f = useFormState();
  const save = (e: Event) => {
    e.preventDefault();
    void f.submit({}, async () => {
      setS(await api<BookingOfficeSettings>('PATCH', '/api/admin/bookings/office', s));
      return w.saved;
    });
  };
  return (
    <form class="form" onSubmit={save} noValidate>
      <CheckField
        label={w.phoneCheckIn}
        name="phoneCheckIn"
        checked={s.phoneCheckIn}
        onChange={(v) => setS({ phoneCheckIn: v })}
        errors={f.errors}
      />
      <p class="hint">{w.phoneCheckInHint}</p>
      <FormMessages formError={f.formError} done={f.done} />
      <button type="submit" class="btn primary" disabled={f.busy}>
        {w.save}
      </button>
    </form>
  );
}

function Feeds(props: { categories: Category[]; settings: BookingSettings[] }) {
  const { lang, t } = useWords();
  const w = BOOKINGS_CONSOLE[lang];
  const [feeds, setFeeds] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const enabled = new Set(props.settings.filter((s) => s.enabled).map((s) => s.categoryId));
  const bookable = props.categories.filter((c) => enabled.has(c.id));
  const renew = async (c: Category) => {
    try {
      const feed = await api<BookingFeed>('POST', `/api/admin/bookings/calendar/${c.id}/feed`, {});
      setFeeds((f) => ({ ...f, [c.id]: feed.url }));
      setStatus('');
    } catch (e) {
      setStatus(errorText(t, e));
    }
  };
  return (
    <Section title={w.feeds}>
      <p>{w.feedsIntro}</p>
      {bookable.length === 0 ? (
        <p>{w.noBookable}</p>
      ) : (
        <DataTable label={w.feeds} columns={w.columns}>
          {bookable.map((c) => {
            const name = `${c.prefix} ${nameIn(c.names, lang)}`;
            const url = feeds[c.id];
            return (
              <tr key={c.id}>
                <th scope="row">{name}</th>
                <td>
                  {url !== undefined && (
                    <label class="field">
                      <span>{fmt(w.feedAddress, { name })}</span>
                      <input
                        readOnly
                        value={url}
                        data-feed-url={c.prefix}
                        data-any-language
                        onFocus={(e) => e.currentTarget.select()}
                      />
                      <span class="hint">{w.feedShownOnce}</span>
                    </label>
                  )}
                  <button
                    type="button"
                    class="btn small"
                    aria-label={fmt(w.newFeedFor, { name })}
                    onClick={() => void renew(c)}
                  >
                    {w.newFeed}
                  </button>
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      <p class="error" role="alert">
        {status}
      </p>
    </Section>
  );
}
