import type { Language } from '@numerek/shared';
import { ApiClient, ApiError } from '@numerek/shared/client';
import { SURVEY_LOW_SCORE, type SurveyReason, type SurveyScore } from '@numerek/shared/survey';
import { useEffect, useRef, useState } from 'preact/hooks';
import { askNow, sendAnswer } from '../survey/send.ts';
import { ReasonButtons, ScoreButtons } from '../survey/SurveyChoices.tsx';
import { notTakenText, SURVEY_TEXT } from '../survey/survey-text.ts';

type Step =
  | { kind: 'hidden' }
  | { kind: 'question' }
  | { kind: 'reason'; score: SurveyScore }
  | { kind: 'sending' }
  | { kind: 'thanks' }
  | { kind: 'failed'; text: string; body: { score: SurveyScore; reason?: SurveyReason } };

const client = new ApiClient();

/**
 * The visit survey on the ticket's phone page, once the visit has ended: asked once (if the
 * office asks on phones and the visit was not answered at its counter), five faces, then after a
 * low score what went wrong, optional. The answer is sent once and retried while it is lost.
 */
export function PhoneSurvey({ ticketId, lang }: { ticketId: string; lang: Language }) {
  const [step, setStep] = useState<Step>({ kind: 'hidden' });
  const heading = useRef<HTMLHeadingElement>(null);
  const x = SURVEY_TEXT[lang];

  useEffect(() => {
    let stopped = false;
    askNow(client, ticketId)
      .then((q) => {
        if (!stopped && q.ask) setStep({ kind: 'question' });
      })
      .catch(() => undefined);
    return () => {
      stopped = true;
    };
  }, [ticketId]);

  // Each new step is announced by focusing its heading.
  useEffect(() => {
    if (step.kind !== 'hidden') heading.current?.focus();
  }, [step.kind]);

  const send = (body: { score: SurveyScore; reason?: SurveyReason }) => {
    setStep({ kind: 'sending' });
    sendAnswer(client, ticketId, body)
      .then(() => setStep({ kind: 'thanks' }))
      .catch((error: unknown) => {
        const code = error instanceof ApiError ? error.code : 'NETWORK';
        const reason = error instanceof ApiError ? error.params.reason : undefined;
        setStep({
          kind: 'failed',
          text: notTakenText(code, typeof reason === 'string' ? reason : undefined, lang),
          body,
        });
      });
  };

  if (step.kind === 'hidden') return null;
  const title = step.kind === 'thanks' ? x.thanks : step.kind === 'reason' ? x.reasonQuestion : x.question;
  return (
    <section class="survey" aria-labelledby="survey-title" data-survey={step.kind}>
      <h2 id="survey-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {(step.kind === 'question' || step.kind === 'sending') && (
        <>
          <p class="hint">{x.questionHint}</p>
          <ScoreButtons
            lang={lang}
            busy={step.kind === 'sending'}
            onScore={(score) =>
              score <= SURVEY_LOW_SCORE ? setStep({ kind: 'reason', score }) : send({ score })
            }
          />
        </>
      )}
      {step.kind === 'reason' && (
        <>
          <p class="hint">{x.reasonHint}</p>
          <ReasonButtons
            lang={lang}
            onReason={(reason) => send(reason ? { score: step.score, reason } : { score: step.score })}
          />
        </>
      )}
      {step.kind === 'thanks' && <p role="status">{x.thanksText}</p>}
      {step.kind === 'failed' && (
        <>
          <p role="alert">{step.text}</p>
          <button type="button" class="sound" onClick={() => send(step.body)}>
            {x.tryAgain}
          </button>
        </>
      )}
    </section>
  );
}
