import { useEffect, useRef, useState } from 'preact/hooks';
import type { Language, PublicTicket } from '@numerek/shared';
import { ApiClient, ApiError, type ApiErrorCode } from '@numerek/shared/client';
import { officeTime } from '@numerek/shared/office-time';
import { PhoneSurvey } from './PhoneSurvey.tsx';
import {
  aheadText,
  headline,
  pollDelayMs,
  problemText,
  TICKET_LANGUAGES,
  TICKET_TEXT,
  waitLine,
} from './ticket-text.ts';

type Load = { kind: 'loading' } | { kind: 'ok'; ticket: PublicTicket; at: Date } | { kind: 'missing' };

const client = new ApiClient();

/** The opaque id from `/t/<id>`. */
export function ticketIdFromPath(pathname: string): string | null {
  const m = /\/t\/([A-Za-z0-9_-]{1,64})\/?$/.exec(pathname);
  return m?.[1] ?? null;
}

// A short two-tone chime made on the phone itself: nothing to download, works offline.
function chime(ctx: AudioContext): void {
  [880, 660].forEach((hz, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.frequency.value = hz;
    gain.gain.setValueAtTime(0.25, ctx.currentTime + i * 0.35);
    gain.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + i * 0.35 + 0.3);
    osc.connect(gain).connect(ctx.destination);
    osc.start(ctx.currentTime + i * 0.35);
    osc.stop(ctx.currentTime + i * 0.35 + 0.32);
  });
}

/** The citizen's ticket page: state, people ahead and the wait, and a loud "go to counter" when called. */
export function TicketPage({ id }: { id: string }) {
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  // Why the last check failed, while it keeps failing (the page asks again by itself).
  const [problem, setProblem] = useState<ApiErrorCode | null>(null);
  const [lang, setLang] = useState<Language | null>(null);
  const audio = useRef<AudioContext | null>(null);
  const lastState = useRef<string | null>(null);

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const tick = async () => {
      let next: PublicTicket | null = null;
      try {
        next = await client.json<PublicTicket>('GET', `/api/tickets/${encodeURIComponent(id)}`);
        setLoad({ kind: 'ok', ticket: next, at: new Date() });
        setProblem(null);
      } catch (error) {
        const code = error instanceof ApiError ? error.code : 'NETWORK';
        if (code === 'NOT_FOUND') setLoad({ kind: 'missing' });
        setProblem(code === 'NOT_FOUND' ? null : code);
      }
      if (next && next.state === 'called' && lastState.current !== null && lastState.current !== 'called') {
        navigator.vibrate?.([300, 150, 300, 150, 600]);
        if (audio.current) chime(audio.current);
      }
      if (next) lastState.current = next.state;
      if (!stopped) timer = setTimeout(() => void tick(), pollDelayMs(next));
    };
    void tick();
    const wake = () => document.visibilityState === 'visible' && void tick();
    document.addEventListener('visibilitychange', wake);
    return () => {
      stopped = true;
      clearTimeout(timer);
      document.removeEventListener('visibilitychange', wake);
    };
  }, [id]);

  const ticket = load.kind === 'ok' ? load.ticket : null;
  const language: Language = lang ?? ticket?.language ?? 'pl';
  const x = TICKET_TEXT[language];
  useEffect(() => {
    document.documentElement.lang = language;
    document.title = ticket ? `${ticket.code} – ${x.title}` : x.title;
  }, [language, ticket?.code]);

  const enableSound = () => {
    audio.current ??= new AudioContext();
    void audio.current.resume();
  };

  return (
    <main class={`page state-${ticket?.state ?? load.kind}`}>
      <nav class="langs" aria-label={x.language}>
        {TICKET_LANGUAGES.map((l) => (
          <button type="button" lang={l} aria-pressed={l === language} onClick={() => setLang(l)} key={l}>
            {TICKET_TEXT[l].languageName}
          </button>
        ))}
      </nav>
      {load.kind === 'missing' && <p class="notice">{problemText('NOT_FOUND', language)}</p>}
      {ticket && (
        <>
          <p class="office">{ticket.officeName}</p>
          <h1>
            <span class="label">{x.yourNumber}</span>
            <span class="code">{ticket.code}</span>
          </h1>
          <p class="category">{ticket.categoryNames[language] ?? ticket.categoryNames.pl}</p>
          <section aria-live={ticket.state === 'called' ? 'assertive' : 'polite'} class="status">
            <h2>{headline(ticket, language)}</h2>
            {ticket.state === 'waiting' && ticket.peopleAhead !== null && ticket.estimatedWait && (
              <>
                <p class="ahead">{aheadText(ticket.peopleAhead, language)}</p>
                <p class="wait">{waitLine(ticket, language)}</p>
                <p class="hint">{x.stepOut}</p>
              </>
            )}
            {ticket.state === 'called' && ticket.counter && <p class="counter">{ticket.counter.number}</p>}
          </section>
          {ticket.state === 'finished' && <PhoneSurvey ticketId={id} lang={language} />}
          {ticket.state === 'waiting' && (
            <button type="button" class="sound" onClick={enableSound}>
              {x.sound}
            </button>
          )}
          <p class="meta">
            {x.updated}{' '}
            {load.kind === 'ok'
              ? officeTime(language, load.at, ticket.officeTimeZone, 'timeWithSeconds')
              : ''}
          </p>
        </>
      )}
      {problem && (
        <p class="notice" role="status">
          {problemText(problem, language)}
        </p>
      )}
      <p class="privacy">{x.privacy}</p>
    </main>
  );
}
