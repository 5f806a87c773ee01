import type { ErrorCode, FeedbackState, Language, SurveyAnswerBody, SurveyAsk } from '@numerek/shared';
import { ApiClient } from '@numerek/shared/client';
import { SURVEY_LOW_SCORE, type SurveyReason, type SurveyScore } from '@numerek/shared/survey';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { setSpeechToken, speak, stopSpeaking } from '../speak.ts';
import { sendAnswer } from '../survey/send.ts';
import { ReasonButtons, ScoreButtons } from '../survey/SurveyChoices.tsx';
import { SURVEY_LANGUAGES, SURVEY_TEXT, surveySpeech, type TabletScreen } from '../survey/survey-text.ts';
import { fill } from '../template.ts';
import { connectTablet, pairTablet, tabletPairing, type TabletLink } from './connection.ts';

/** What the tablet is doing: resting, or asking about one visit until `until` (ms, its own clock). */
type Flow =
  | { kind: 'rest' }
  | { kind: 'question'; ticketId: string; until: number }
  | { kind: 'reason'; ticketId: string; score: SurveyScore; until: number }
  | { kind: 'thanks'; until: number };

/** How long the thanks stay on the screen. */
const THANKS_MS = 5_000;
/**
 * A touch or a key while the question is up keeps it at least this long (WCAG 2.2.1: a client who
 * needs longer has it); twice as long while it is read aloud.
 */
const EXTEND_MS = 20_000;

/**
 * The feedback tablet beside a counter: at rest until the clerk finishes a visit there, then the
 * question for SURVEY_TABLET_SECONDS in the ticket's language, five large faces, after a low score
 * what went wrong, and thanks. High contrast throughout; read aloud on request.
 */
export function FeedbackApp() {
  const [token, setToken] = useState<string | null>(() => {
    const pairing = tabletPairing();
    pairing.takeCode(window);
    return pairing.token();
  });
  // Read aloud in the server's voice, asked for with the tablet's token.
  setSpeechToken(token);
  const [pairing, setPairing] = useState<boolean>(() => tabletPairing().waitingCode() !== null);
  const [refused, setRefused] = useState<ErrorCode | null>(null);
  const [link, setLink] = useState<TabletLink>('connecting');
  const [state, setState] = useState<FeedbackState>({ counter: null, active: false });
  const [flow, setFlow] = useState<Flow>({ kind: 'rest' });
  const current = useRef(flow);
  current.current = flow;
  const [lang, setLang] = useState<Language>('pl');
  const [speech, setSpeech] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  /** The visit answered last: a second tap, or the timeout after a reason, never sends again. */
  const answered = useRef<string | null>(null);

  // A pairing link: use its code once for the tablet's own token (retried while unreachable).
  useEffect(() => {
    if (!pairing) return;
    const stop = new AbortController();
    void pairTablet(stop.signal).then((outcome) => {
      if (stop.signal.aborted) return;
      setPairing(false);
      setRefused(outcome.refused);
      setToken(outcome.token);
    });
    return () => stop.abort();
  }, [pairing]);
  useEffect(() => {
    const onHash = () => {
      if (tabletPairing().takeCode(window)) setPairing(true);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);

  const answer = useCallback(
    (ticketId: string, body: SurveyAnswerBody) => {
      if (!token || answered.current === ticketId) return;
      answered.current = ticketId;
      // Sent in the background and retried while lost; the client is thanked at once either way.
      void sendAnswer(new ApiClient({ headers: { authorization: `Bearer ${token}` } }), ticketId, body).catch(
        () => undefined,
      );
    },
    [token],
  );

  const rest = useCallback(() => {
    setFlow({ kind: 'rest' });
    setLang('pl');
    setSpeech(false);
  }, []);

  // The socket: the tablet's state, and a question whenever its clerk finishes a visit.
  useEffect(() => {
    if (!token || pairing) return;
    setLink('connecting');
    return connectTablet(token, {
      link: setLink,
      state: (s) => {
        setState(s);
        if (!s.active) rest();
      },
      ask: (a: SurveyAsk) => {
        // A low score whose reason never came still counts.
        const before = current.current;
        if (before.kind === 'reason') answer(before.ticketId, { score: before.score });
        setFlow({ kind: 'question', ticketId: a.ticketId, until: Date.now() + a.seconds * 1000 });
        setLang(a.language);
      },
    });
  }, [token, pairing, answer, rest]);

  // The question, the reason and the thanks each end at their time.
  useEffect(() => {
    if (flow.kind === 'rest') return;
    const timer = setTimeout(
      () => {
        if (flow.kind === 'reason') answer(flow.ticketId, { score: flow.score });
        rest();
      },
      Math.max(0, flow.until - Date.now()),
    );
    return () => clearTimeout(timer);
  }, [flow, answer, rest]);

  const extend = () =>
    setFlow((f) =>
      f.kind === 'question' || f.kind === 'reason'
        ? { ...f, until: Math.max(f.until, Date.now() + (speech ? 2 : 1) * EXTEND_MS) }
        : f,
    );

  const onScore = (score: SurveyScore) => {
    if (flow.kind !== 'question') return;
    if (score <= SURVEY_LOW_SCORE) {
      setFlow({
        kind: 'reason',
        ticketId: flow.ticketId,
        score,
        until: Math.max(flow.until, Date.now() + EXTEND_MS),
      });
      return;
    }
    answer(flow.ticketId, { score });
    setFlow({ kind: 'thanks', until: Date.now() + THANKS_MS });
  };
  const onReason = (reason: SurveyReason | null) => {
    if (flow.kind !== 'reason') return;
    answer(flow.ticketId, reason ? { score: flow.score, reason } : { score: flow.score });
    setFlow({ kind: 'thanks', until: Date.now() + THANKS_MS });
  };

  const screen: TabletScreen = !token
    ? refused
      ? 'pairingFailed'
      : 'unpaired'
    : link === 'revoked'
      ? 'revoked'
      : flow.kind === 'rest'
        ? link === 'online'
          ? 'resting'
          : 'offline'
        : flow.kind;
  const x = SURVEY_TEXT[lang];
  const speechText = surveySpeech(screen, lang, {
    counter: state.counter?.number ?? null,
    active: state.active,
  });

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `Numerek – ${x.restTitle}`;
  }, [lang]);
  // Each new screen starts with focus on its heading, for keyboard and switch users.
  useEffect(() => heading.current?.focus({ preventScroll: true }), [screen]);
  useEffect(() => {
    if (speech) speak(speechText, lang);
    else stopSpeaking();
  }, [speech, screen, lang]);

  const { title, hint } = wordsOf(screen, x, state);
  return (
    <div class={`tablet screen-${screen}`} data-screen={screen} onPointerDown={extend} onKeyDown={extend}>
      <header class="head">
        <h1 ref={heading} tabIndex={-1}>
          {title}
        </h1>
        {hint && <p class="hint">{hint}</p>}
      </header>
      <main class="body">
        {screen === 'question' && <ScoreButtons lang={lang} onScore={onScore} />}
        {screen === 'reason' && <ReasonButtons lang={lang} onReason={onReason} />}
        {screen === 'resting' && state.counter && (
          <p class="counter-name">{fill(x.counter, { n: state.counter.number })}</p>
        )}
      </main>
      <footer class="foot">
        <div class="group" role="group" aria-label={x.language}>
          {SURVEY_LANGUAGES.map((l) => (
            <button
              type="button"
              key={l}
              class="tool"
              lang={l}
              aria-pressed={l === lang}
              onClick={() => setLang(l)}
            >
              {SURVEY_TEXT[l].languageName}
            </button>
          ))}
        </div>
        <div class="group">
          <button type="button" class="tool" aria-pressed={speech} onClick={() => setSpeech((on) => !on)}>
            {x.readAloud}
            <span aria-hidden="true">{speech ? ' ✓' : ''}</span>
          </button>
          {speech && (
            <>
              <button type="button" class="tool" onClick={() => speak(speechText, lang)}>
                {x.repeat}
              </button>
              <button type="button" class="tool" onClick={stopSpeaking}>
                {x.stopSpeaking}
              </button>
            </>
          )}
        </div>
      </footer>
    </div>
  );
}

/** The heading and the line under it on each screen. */
function wordsOf(
  screen: TabletScreen,
  x: (typeof SURVEY_TEXT)[Language],
  state: FeedbackState,
): { title: string; hint: string } {
  switch (screen) {
    case 'question':
      return { title: x.question, hint: x.questionHint };
    case 'reason':
      return { title: x.reasonQuestion, hint: x.reasonHint };
    case 'thanks':
      return { title: x.thanks, hint: x.thanksText };
    case 'resting':
      return {
        title: x.restTitle,
        hint: state.active ? x.restText : state.counter ? x.inactive : x.noCounter,
      };
    case 'unpaired':
      return { title: x.unpairedTitle, hint: x.unpairedText };
    case 'pairingFailed':
      return { title: x.unpairedTitle, hint: x.pairingFailedText };
    case 'revoked':
      return { title: x.unpairedTitle, hint: x.revokedText };
    case 'offline':
      return { title: x.offlineTitle, hint: x.offlineText };
  }
}
