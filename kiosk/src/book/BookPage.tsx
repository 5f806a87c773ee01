import { useEffect, useRef, useState } from 'preact/hooks';
import type {
  Booking,
  BookingDay,
  BookingOptions,
  BookingRequestStarted,
  BookingSlot,
  BookingSlots,
  Language,
  PublicCategory,
} from '@numerek/shared';
import { ApiClient, ApiError } from '@numerek/shared/client';
import { fill } from '../template.ts';
import { ACTION } from './book-api.ts';
import { BOOK_LANGUAGES, BOOK_TEXT, dayLabel, errorText, preferredLanguage } from './book-text.ts';
import { ManageBooking } from './ManageBooking.tsx';

const client = new ApiClient();

type Problem = { code: ApiError['code']; params: ApiError['params'] } | null;

const problemOf = (error: unknown): Problem =>
  error instanceof ApiError ? { code: error.code, params: error.params } : { code: 'NETWORK', params: {} };

interface Stage {
  kind: 'choose' | 'confirm' | 'booked';
  request?: BookingRequestStarted;
  booking?: Booking;
}

/** The language switch shared by both views of the page. */
export function LanguageSwitch({ lang, onChange }: { lang: Language; onChange: (l: Language) => void }) {
  return (
    <nav class="langs" aria-label={BOOK_TEXT[lang].language}>
      {BOOK_LANGUAGES.map((l) => (
        <button type="button" lang={l} aria-pressed={l === lang} onClick={() => onChange(l)} key={l}>
          {BOOK_TEXT[l].languageName}
        </button>
      ))}
    </nav>
  );
}

/** The public booking page: a matter, a day, a free slot, an optional contact; then the code and the link. */
export function BookPage({ officeId, bookingId }: { officeId: string | null; bookingId: string | null }) {
  const [lang, setLang] = useState<Language>(() => preferredLanguage(navigator.languages));
  // The booking's page opens in the language it was booked in, until the reader picks another.
  const [picked, setPicked] = useState(false);
  const choose = (l: Language) => {
    setPicked(true);
    setLang(l);
  };
  const x = BOOK_TEXT[lang];
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${x.title} – Numerek`;
  }, [lang]);

  return (
    <main class="page">
      <LanguageSwitch lang={lang} onChange={choose} />
      <h1>{x.title}</h1>
      {bookingId ? (
        <ManageBooking
          id={bookingId}
          lang={lang}
          client={client}
          onLoaded={(b) => {
            if (!picked) setLang(b.language);
          }}
        />
      ) : (
        <BookingForm officeId={officeId} lang={lang} />
      )}
      <p class="privacy">{x.privacy}</p>
    </main>
  );
}

function BookingForm({ officeId, lang }: { officeId: string | null; lang: Language }) {
  const x = BOOK_TEXT[lang];
  const [categories, setCategories] = useState<PublicCategory[] | null>(null);
  const [options, setOptions] = useState<BookingOptions>({ emailConfirmation: false, confirmMinutes: 15 });
  const [categoryId, setCategoryId] = useState<string | null>(null);
  const [days, setDays] = useState<BookingDay[] | null>(null);
  const [day, setDay] = useState<string | null>(null);
  const [slots, setSlots] = useState<BookingSlot[] | null>(null);
  const [at, setAt] = useState<string | null>(null);
  const [contact, setContact] = useState('');
  const [confirmCode, setConfirmCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem>(null);
  const [stage, setStage] = useState<Stage>({ kind: 'choose' });
  const stageHeading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    void (async () => {
      try {
        const query = officeId ? `?officeId=${encodeURIComponent(officeId)}` : '';
        const [all, opts] = await Promise.all([
          client.json<PublicCategory[]>('GET', `/api/categories${query}`),
          // A server without e-mail confirmation may not know this route: book in one step then.
          client
            .json<BookingOptions>('GET', '/api/bookings/options')
            .catch(() => ({ emailConfirmation: false, confirmMinutes: 15 })),
        ]);
        setOptions(opts);
        // Only the matters that take bookings and have a day with a free place; not one no counter
        // is set up to serve (nobody could call the client: the server refuses to book it). The
        // days are asked for only where they can be had: any other answer is a refusal.
        const bookable = await Promise.all(
          all.map(async (c) => {
            if (!c.bookable || c.status === 'no_counter') return null;
            try {
              const d = await client.json<BookingDay[]>(
                'GET',
                `/api/bookings/days?categoryId=${encodeURIComponent(c.id)}`,
              );
              return d.some((day) => day.free > 0) ? c : null;
            } catch {
              return null;
            }
          }),
        );
        setCategories(bookable.filter((c): c is PublicCategory => c !== null));
      } catch (error) {
        setProblem(problemOf(error));
      }
    })();
  }, [officeId]);

  useEffect(() => {
    setDays(null);
    setDay(null);
    if (!categoryId) return;
    void client
      .json<BookingDay[]>('GET', `/api/bookings/days?categoryId=${encodeURIComponent(categoryId)}`)
      .then((d) => setDays(d.filter((day) => day.free > 0)))
      .catch((error: unknown) => setProblem(problemOf(error)));
  }, [categoryId]);

  const loadSlots = (c: string, d: string) =>
    client
      .json<BookingSlots>(
        'GET',
        `/api/bookings/slots?categoryId=${encodeURIComponent(c)}&day=${encodeURIComponent(d)}`,
      )
      .then((s) => setSlots(s.slots.filter((slot) => slot.free > 0)))
      .catch((error: unknown) => setProblem(problemOf(error)));

  useEffect(() => {
    setSlots(null);
    setAt(null);
    if (categoryId && day) void loadSlots(categoryId, day);
  }, [categoryId, day]);

  useEffect(() => {
    if (stage.kind !== 'choose') stageHeading.current?.focus();
  }, [stage.kind]);

  const category = categories?.find((c) => c.id === categoryId);
  const name = (c: PublicCategory) => c.names[lang] ?? c.names.pl ?? c.prefix;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!categoryId || !at || busy) return;
    setBusy(true);
    setProblem(null);
    const body = { categoryId, at, language: lang, ...(contact.trim() ? { contact: contact.trim() } : {}) };
    try {
      if (options.emailConfirmation) {
        const request = await client.action<BookingRequestStarted>(
          'POST',
          '/api/bookings/requests',
          body,
          ACTION,
        );
        setStage({ kind: 'confirm', request });
      } else {
        const booking = await client.action<Booking>('POST', '/api/bookings', body, ACTION);
        setStage({ kind: 'booked', booking });
      }
    } catch (error) {
      const p = problemOf(error);
      setProblem(p);
      // The slot was taken meanwhile: show the day's slots as they are now.
      if (p?.code === 'BOOKING_UNAVAILABLE' && day) void loadSlots(categoryId, day);
    } finally {
      setBusy(false);
    }
  };

  const confirm = async (event: Event) => {
    event.preventDefault();
    if (stage.kind !== 'confirm' || !stage.request || busy) return;
    setBusy(true);
    setProblem(null);
    try {
      const booking = await client.action<Booking>(
        'POST',
        `/api/bookings/requests/${encodeURIComponent(stage.request.id)}/confirm`,
        { code: confirmCode.trim() },
        ACTION,
      );
      setStage({ kind: 'booked', booking });
    } catch (error) {
      setProblem(problemOf(error));
    } finally {
      setBusy(false);
    }
  };

  const problemBox = problem && (
    <p class="notice error" role="alert">
      {errorText(problem.code, problem.params, lang)}
    </p>
  );

  if (stage.kind === 'booked' && stage.booking) {
    const b = stage.booking;
    return (
      <section class="result" aria-labelledby="booked-title">
        <h2 id="booked-title" tabIndex={-1} ref={stageHeading}>
          {x.bookedTitle}
        </h2>
        <p class="summary">
          {category ? name(category) : ''} · {dayLabel(b.day, lang)}, {b.time}
        </p>
        <p class="code-box">
          <span class="label">{x.yourCode}</span>
          <span class="code" data-testid="booking-code">
            {b.code}
          </span>
        </p>
        <p>{x.codeHint}</p>
        {options.emailConfirmation && <p>{x.mailSent}</p>}
        <p>
          <a href={b.manageUrl}>{x.manageLink}</a>
        </p>
        <p class="hint">{x.keepLink}</p>
      </section>
    );
  }

  if (stage.kind === 'confirm' && stage.request) {
    return (
      <form class="step" onSubmit={(e) => void confirm(e)} aria-labelledby="confirm-title">
        <h2 id="confirm-title" tabIndex={-1} ref={stageHeading}>
          {x.confirmTitle}
        </h2>
        <p>{fill(x.confirmSent, { contact: contact.trim(), n: stage.request.validMinutes })}</p>
        <label for="confirm-code">{x.confirmCode}</label>
        <input
          id="confirm-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9]{6}"
          maxLength={6}
          required
          value={confirmCode}
          onInput={(e) => setConfirmCode(e.currentTarget.value)}
        />
        {problemBox}
        <button type="submit" class="primary" disabled={busy}>
          {x.confirm}
        </button>
      </form>
    );
  }

  return (
    <form class="step" onSubmit={(e) => void submit(e)} noValidate>
      <p>{x.intro}</p>
      {categories === null && !problem && <p role="status">{x.loading}</p>}
      {categories !== null && (
        <fieldset>
          <legend>{x.matter}</legend>
          {categories.length === 0 && <p>{x.noMatters}</p>}
          {categories.map((c) => (
            <label class="choice" key={c.id}>
              <input
                type="radio"
                name="matter"
                value={c.id}
                checked={c.id === categoryId}
                onChange={() => setCategoryId(c.id)}
              />
              <span>{name(c)}</span>
            </label>
          ))}
        </fieldset>
      )}
      {categoryId && days !== null && (
        <fieldset>
          <legend>{x.day}</legend>
          {days.length === 0 && <p>{x.noDays}</p>}
          <div class="choices">
            {days.map((d) => (
              <label class="choice" key={d.day}>
                <input
                  type="radio"
                  name="day"
                  value={d.day}
                  checked={d.day === day}
                  onChange={() => setDay(d.day)}
                />
                <span>
                  {dayLabel(d.day, lang)} <small>({fill(x.freeOnDay, { n: d.free })})</small>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {day && slots !== null && (
        <fieldset>
          <legend>{x.slot}</legend>
          {slots.length === 0 && <p>{x.noSlots}</p>}
          <div class="choices slots">
            {slots.map((s) => (
              <label class="choice" key={s.at}>
                <input
                  type="radio"
                  name="slot"
                  value={s.at}
                  checked={s.at === at}
                  onChange={() => setAt(s.at)}
                />
                <span>{s.time}</span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
      {at && (
        <div class="field">
          <label for="contact">
            {x.contact} {options.emailConfirmation ? x.contactRequiredHint : x.contactOptional}
          </label>
          <input
            id="contact"
            type="text"
            inputMode="email"
            autoComplete="email"
            maxLength={120}
            aria-describedby="contact-hint"
            required={options.emailConfirmation}
            value={contact}
            onInput={(e) => setContact(e.currentTarget.value)}
          />
          <p id="contact-hint" class="hint">
            {x.contactHint}
          </p>
        </div>
      )}
      {problemBox}
      {at && (
        <button type="submit" class="primary" disabled={busy}>
          {busy ? x.booking : x.book}
        </button>
      )}
    </form>
  );
}
