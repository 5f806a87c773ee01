import type { SurveyFigures, SurveyLine, SurveyReport, SurveyTransferBand } from '@numerek/shared';
import { SURVEY_SCORES } from '@numerek/shared/survey';
import { fmt, type Strings } from '../i18n.ts';
import { DataTable, Section } from './forms.tsx';
import { dayInWords, useWords } from './words.ts';
import { SURVEY_CONSOLE } from './words/survey.ts';
import './survey.css';

const figure = (t: Strings, n: number | null, digits = 2) =>
  n === null ? '–' : new Intl.NumberFormat(t.locale, { maximumFractionDigits: digits }).format(n);
const share = (t: Strings, n: number | null) =>
  n === null
    ? '–'
    : new Intl.NumberFormat(t.locale, { style: 'percent', maximumFractionDigits: 0 }).format(n);

/**
 * The visit survey's part of a report: how many answered, the mean and the faces chosen, per
 * category, counter, day and hour, against the wait and the transfers, and per clerk only when
 * the office switched it on (the server leaves out clerks with too few answers).
 */
export function SurveyReportView({ survey }: { survey: SurveyReport }) {
  const { lang, t } = useWords();
  const w = SURVEY_CONSOLE[lang];
  const total = survey.total;
  const lines = (title: string, first: string, list: SurveyLine[], name: (l: SurveyLine) => string) => (
    <SurveyTable title={title} first={first} lines={list.map((l) => ({ ...l, label: name(l) }))} />
  );
  return (
    <>
      <Section title={w.title}>
        {!survey.settings.enabled && <p>{w.surveyOff}</p>}
        <dl class="survey-summary">
          <Figure label={w.figures.answers} value={figure(t, total.answers)} />
          <Figure label={w.figures.responseRate} value={share(t, total.responseRate)} />
          <Figure label={w.figures.mean} value={figure(t, total.mean)} />
          <Figure label={w.figures.tablet} value={figure(t, survey.byChannel.tablet)} />
          <Figure label={w.figures.phone} value={figure(t, survey.byChannel.phone)} />
        </dl>
        {total.answers === 0 ? <p>{w.none}</p> : <Distribution figures={total} />}
      </Section>
      {total.answers > 0 && (
        <>
          {lines(w.byCategory, w.category, survey.byCategory, (l) => l.label)}
          {lines(w.byCounter, w.counter, survey.byCounter, (l) => l.label)}
          {lines(w.byDay, w.day, survey.byDay, (l) => dayInWords(lang, l.id))}
          {lines(w.byHour, w.hour, survey.byHour, (l) => l.label)}
          {lines(w.byWait, w.wait, survey.byWait, (l) => fmt(w.waitBand, { band: l.id.replace('-', '–') }))}
          {lines(
            w.byTransfers,
            w.transfers,
            survey.byTransfers,
            (l) => w.transferBands[l.id as SurveyTransferBand] ?? l.id,
          )}
          {survey.byClerk === null ? (
            <Section title={w.byClerk}>
              <p>{w.perClerkOff}</p>
            </Section>
          ) : (
            <>
              {lines(w.byClerk, w.clerk, survey.byClerk, (l) => l.label)}
              {survey.clerksBelowMinimum > 0 && (
                <p class="small-text">
                  {fmt(w.clerksBelow, { n: survey.clerksBelowMinimum, min: survey.minAnswersPerClerk })}
                </p>
              )}
            </>
          )}
        </>
      )}
    </>
  );
}

function Figure(props: { label: string; value: string }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}

/** How many chose each face, as a list with the face's words (no chart without its numbers). */
function Distribution({ figures }: { figures: SurveyFigures }) {
  const { lang, t } = useWords();
  const w = SURVEY_CONSOLE[lang];
  const max = Math.max(1, ...figures.distribution);
  return (
    <>
      <h3>{w.distribution}</h3>
      <ul class="survey-bars">
        {SURVEY_SCORES.map((score, i) => {
          const n = figures.distribution[i] ?? 0;
          return (
            <li key={score}>
              <span>
                {score} – {w.scores[score]}
              </span>
              <span class="track" aria-hidden="true">
                <span class="bar" style={{ width: `${(n / max) * 100}%` }} />
              </span>
              <span class="count">{figure(t, n)}</span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

function SurveyTable(props: { title: string; first: string; lines: SurveyLine[] }) {
  const { lang, t, c } = useWords();
  const w = SURVEY_CONSOLE[lang];
  return (
    <Section title={props.title}>
      {props.lines.length === 0 ? (
        <p>{c.reports.noData}</p>
      ) : (
        <DataTable label={props.title} columns={[props.first, ...w.columns]} class="report-table">
          {props.lines.map((l) => (
            <tr key={l.id}>
              <th scope="row">{l.label}</th>
              <td>{figure(t, l.answers)}</td>
              <td>{figure(t, l.served)}</td>
              <td>{share(t, l.responseRate)}</td>
              <td>{figure(t, l.mean)}</td>
              <td>{l.distribution.map((n) => figure(t, n)).join(' / ')}</td>
              <td>
                {[l.reasons.wait, l.reasons.information, l.reasons.manner, l.reasons.other]
                  .map((n) => figure(t, n))
                  .join(' / ')}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}
