import { useEffect, useRef, useState } from 'preact/hooks';
import type { Booking, Language } from '@numerek/shared';
import { ApiError, type ApiClient } from '@numerek/shared/client';
import { ACTION } from './book-api.ts';
import { BOOK_TEXT, dayLabel, errorText } from './book-text.ts';

type Problem = { code: ApiError['code']; params: ApiError['params'] };

/** The page the booking's link opens: the booking as it stands, and a way to cancel it. */
export function ManageBooking({
  id,
  lang,
  client,
  onLoaded,
}: {
  id: string;
  lang: Language;
  client: ApiClient;
  /** The booking as first read, so that the page can speak the language it was booked in. */
  onLoaded?: (booking: Booking) => void;
}) {
  const x = BOOK_TEXT[lang];
  const [booking, setBooking] = useState<Booking | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [justCancelled, setJustCancelled] = useState(false);
  const statusRef = useRef<HTMLHeadingElement>(null);
  const yesRef = useRef<HTMLButtonElement>(null);

  const fail = (error: unknown) =>
    setProblem(
      error instanceof ApiError
        ? { code: error.code, params: error.params }
        : { code: 'NETWORK', params: {} },
    );

  useEffect(() => {
    client
      .json<Booking>('GET', `/api/bookings/${encodeURIComponent(id)}`)
      .then((b) => {
        setBooking(b);
        onLoaded?.(b);
      })
      .catch(fail);
  }, [id]);

  useEffect(() => {
    if (asking) yesRef.current?.focus();
  }, [asking]);

  const cancel = async () => {
    setBusy(true);
    setProblem(null);
    try {
      setBooking(
        await client.action<Booking>('DELETE', `/api/bookings/${encodeURIComponent(id)}`, undefined, ACTION),
      );
      setJustCancelled(true);
      setAsking(false);
      statusRef.current?.focus();
    } catch (error) {
      fail(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="result" aria-labelledby="booking-status">
      {!booking && !problem && <p role="status">{x.loading}</p>}
      {booking && (
        <>
          <h2 id="booking-status" tabIndex={-1} ref={statusRef}>
            {x.status[booking.status]}
          </h2>
          <dl class="facts">
            <dt>{x.what}</dt>
            <dd
              data-testid="booking-matter"
              lang={booking.categoryNames[lang] === undefined ? 'pl' : undefined}
            >
              {booking.categoryNames[lang] ?? booking.categoryNames.pl}
            </dd>
            <dt>{x.when}</dt>
            <dd>
              {dayLabel(booking.day, lang)}, {booking.time}
            </dd>
            <dt>{x.yourCode}</dt>
            <dd class="code" data-testid="booking-code">
              {booking.code}
            </dd>
          </dl>
          {justCancelled && <p role="status">{x.cancelled}</p>}
          {booking.status === 'booked' && <p>{x.codeHint}</p>}
          {booking.status === 'booked' && !asking && (
            <button type="button" class="danger" onClick={() => setAsking(true)}>
              {x.cancel}
            </button>
          )}
          {booking.status === 'booked' && asking && (
            <div class="ask" role="group" aria-labelledby="cancel-sure">
              <p id="cancel-sure">{x.cancelSure}</p>
              <button type="button" class="danger" ref={yesRef} disabled={busy} onClick={() => void cancel()}>
                {x.cancelYes}
              </button>
              <button type="button" onClick={() => setAsking(false)}>
                {x.cancelNo}
              </button>
            </div>
          )}
          {booking.status !== 'booked' && (
            <p>
              <a href="/book/">{x.again}</a>
            </p>
          )}
        </>
      )}
      {problem && (
        <p class="notice error" role="alert">
          {errorText(problem.code, problem.params, lang)}
        </p>
      )}
    </section>
  );
}
