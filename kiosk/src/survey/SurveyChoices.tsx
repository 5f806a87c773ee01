import type { Language } from '@numerek/shared';
import { SURVEY_REASONS, SURVEY_SCORES, type SurveyReason, type SurveyScore } from '@numerek/shared/survey';
import { SURVEY_TEXT } from './survey-text.ts';

/** The mouth of each face, from a deep frown (1) to a broad smile (5). */
const MOUTHS: Record<SurveyScore, string> = {
  1: 'M19 47 Q32 33 45 47',
  2: 'M21 45 Q32 38 43 45',
  3: 'M21 42 L43 42',
  4: 'M21 39 Q32 47 43 39',
  5: 'M19 37 Q32 54 45 37',
};

/** A face drawn in the text colour, so it follows any theme; the words beside it say the same. */
export function Face({ score }: { score: SurveyScore }) {
  return (
    <svg class="survey-face" viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <circle cx="32" cy="32" r="28" fill="none" stroke="currentColor" stroke-width="4" />
      <circle cx="23" cy="25" r="3.5" fill="currentColor" />
      <circle cx="41" cy="25" r="3.5" fill="currentColor" />
      <path d={MOUTHS[score]} fill="none" stroke="currentColor" stroke-width="4" stroke-linecap="round" />
    </svg>
  );
}

/** The five faces, each a large button with its words; `busy` while an answer is being sent. */
export function ScoreButtons(props: { lang: Language; busy?: boolean; onScore: (s: SurveyScore) => void }) {
  const x = SURVEY_TEXT[props.lang];
  return (
    <ul class="survey-scores" role="list">
      {SURVEY_SCORES.map((score) => (
        <li key={score}>
          <button
            type="button"
            class={`survey-score score-${score}`}
            disabled={props.busy}
            onClick={() => props.onScore(score)}
            data-score={score}
          >
            <Face score={score} />
            <span class="survey-score-label">{x.scores[score]}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** What went wrong, after a low score: four answers and a way to skip. */
export function ReasonButtons(props: {
  lang: Language;
  busy?: boolean;
  onReason: (r: SurveyReason | null) => void;
}) {
  const x = SURVEY_TEXT[props.lang];
  return (
    <ul class="survey-reasons" role="list">
      {SURVEY_REASONS.map((reason) => (
        <li key={reason}>
          <button
            type="button"
            class="survey-reason"
            disabled={props.busy}
            onClick={() => props.onReason(reason)}
            data-reason={reason}
          >
            {x.reasons[reason]}
          </button>
        </li>
      ))}
      <li>
        <button
          type="button"
          class="survey-reason skip"
          disabled={props.busy}
          onClick={() => props.onReason(null)}
        >
          {x.skip}
        </button>
      </li>
    </ul>
  );
}
