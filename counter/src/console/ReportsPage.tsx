import type { BookingReportLine, MinuteStats, Report, ReportLine } from '@numerek/shared';
import { fmt, plural, type Strings } from '../i18n.ts';
import { DataTable, Section } from './forms.tsx';
import { labelOf } from './labels.ts';
import { SurveyReportView } from './SurveyReportView.tsx';
import { daysIn, reportUrl, type ReportFormat } from './report-dates.ts';
import { PeriodForm, useReportPeriod } from './ReportPeriod.tsx';
import { dayInWords, useWords } from './words.ts';

const DOWNLOADS: readonly ReportFormat[] = ['pdf', 'csv', 'json'];

/** A figure as the language writes it ('–' when there is none). */
const figure = (t: Strings, n: number | null, digits = 1) =>
  n === null ? '–' : new Intl.NumberFormat(t.locale, { maximumFractionDigits: digits }).format(n);
const share = (t: Strings, n: number | null) =>
  n === null
    ? '–'
    : new Intl.NumberFormat(t.locale, { style: 'percent', maximumFractionDigits: 0 }).format(n);

/**
 * Reports for a day or a range of days: the figures on screen, and the same report as PDF, CSV
 * for a Polish Excel, or JSON. The files are made by the server (`/api/reports/daily|range`).
 */
export function ReportsPage() {
  const { lang, t, c } = useWords();
  const w = c.reports;
  const period = useReportPeriod<Report>((range) => reportUrl(range, 'json', lang));
  const { range, valid, report, error } = period;

  return (
    <>
      <Section title={w.period}>
        <p>{w.intro}</p>
        <PeriodForm period={period} />
        {valid && (
          <div class="row-actions downloads" role="group" aria-label={w.downloadLabel}>
            {DOWNLOADS.map((format) => (
              <a key={format} class="btn" href={reportUrl(range, format, lang)} download>
                {w.download} <span data-any-language>{format.toUpperCase()}</span> ({w.uses[format]})
              </a>
            ))}
          </div>
        )}
        <p class="error" role="alert">
          {error}
        </p>
        <p class="result" role="status">
          {report === null
            ? ''
            : report.from === report.to
              ? fmt(w.summaryDay, {
                  day: dayInWords(lang, report.from),
                  issued: report.total.issued,
                  served: report.total.served,
                })
              : plural(t, daysIn(report.from, report.to), w.summaryRange, {
                  from: dayInWords(lang, report.from),
                  to: dayInWords(lang, report.to),
                  issued: report.total.issued,
                  served: report.total.served,
                })}
        </p>
      </Section>
      {report && <ReportView report={report} />}
    </>
  );
}

function ReportView({ report }: { report: Report }) {
  const { t, c } = useWords();
  const w = c.reports;
  const f = w.figures;
  const total = report.total;
  const n = (v: number | null, digits?: number) => figure(t, v, digits);
  const min = (v: string) => fmt(c.minutes, { n: v });
  const pauses = Object.entries(report.pauseMinutes).filter(([, m]) => m > 0);
  return (
    <>
      <Section title={w.summary}>
        <dl class="report-summary">
          <Figure label={f.issued} value={n(total.issued)} />
          <Figure label={f.served} value={n(total.served)} />
          <Figure label={f.noShow} value={n(total.noShow)} />
          <Figure label={f.transferred} value={n(total.transferred)} />
          <Figure label={f.meanWait} value={min(n(total.wait.mean))} />
          <Figure label={f.p90} value={min(n(total.wait.p90))} />
          <Figure label={f.meanService} value={min(n(total.service.mean))} />
          <Figure label={f.priorityShare} value={share(t, total.priorityShare)} />
          <Figure
            label={f.priorityWait}
            value={min(`${n(total.priorityWait.mean)} / ${n(total.regularWait.mean)}`)}
          />
          <Figure label={f.overMax} value={n(total.overMaxWait)} warn={total.overMaxWait > 0} />
        </dl>
        {report.aggregatedDays.length > 0 && (
          <p class="small-text">{fmt(w.aggregated, { n: report.aggregatedDays.length })}</p>
        )}
        <p class="small-text">{w.howCounted}</p>
      </Section>
      <LinesTable title={w.byCategory} lines={report.byCategory} first={w.category} />
      <LinesTable title={w.byCounter} lines={report.byCounter} first={w.counter} />
      <LinesTable title={w.byClerk} lines={report.byClerk} first={w.clerk} />
      {report.bookings.length > 0 && <BookingsTable lines={report.bookings} />}
      <Section title={w.arrivals}>
        <Arrivals perHour={report.arrivalsPerHour} />
      </Section>
      <Section title={w.pauses}>
        {pauses.length === 0 ? (
          <p>{w.noPauses}</p>
        ) : (
          <ul>
            {pauses.map(([reason, minutes]) => (
              <li key={reason}>
                {labelOf(t.pauseReasons, reason)}: {min(n(minutes, 0))}
              </li>
            ))}
          </ul>
        )}
      </Section>
      {report.survey && <SurveyReportView survey={report.survey} />}
    </>
  );
}

function Figure(props: { label: string; value: string; warn?: boolean }) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd class={props.warn ? 'warn-text' : undefined}>{props.value}</dd>
    </div>
  );
}

const waitCell = (t: Strings, s: MinuteStats) =>
  s.count ? [s.mean, s.median, s.p90, s.max].map((v) => figure(t, v)).join(' / ') : '–';

function LinesTable(props: { title: string; lines: ReportLine[]; first: string }) {
  const { t, c } = useWords();
  const n = (v: number | null) => figure(t, v);
  return (
    <Section title={props.title}>
      {props.lines.length === 0 ? (
        <p>{c.reports.noData}</p>
      ) : (
        <DataTable label={props.title} columns={[props.first, ...c.reports.columns]} class="report-table">
          {props.lines.map((l) => (
            <tr key={l.id ?? l.label}>
              <th scope="row">{l.label}</th>
              <td>{n(l.issued)}</td>
              <td>{n(l.served)}</td>
              <td>{n(l.noShow)}</td>
              <td>{n(l.transferred)}</td>
              <td>{n(l.cancelled)}</td>
              <td>{waitCell(t, l.wait)}</td>
              <td>{n(l.service.mean)}</td>
              <td>{share(t, l.priorityShare)}</td>
              <td>
                {n(l.priorityWait.mean)} / {n(l.regularWait.mean)}
              </td>
              <td class={l.overMaxWait > 0 ? 'warn-text' : undefined}>{n(l.overMaxWait)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}

const slotCell = (t: Strings, s: MinuteStats) =>
  s.count ? [s.mean, s.median, s.p90].map((v) => figure(t, v)).join(' / ') : '–';

/** Booked clients per day and category, and the minutes from their slot to their call. */
function BookingsTable({ lines }: { lines: BookingReportLine[] }) {
  const { lang, t, c } = useWords();
  const w = c.reports;
  const n = (v: number | null) => figure(t, v);
  return (
    <Section title={w.bookings}>
      <p>{w.bookingsIntro}</p>
      <DataTable label={w.bookings} columns={w.bookingColumns} class="report-table">
        {lines.map((l) => (
          <tr key={`${l.day} ${l.categoryId}`}>
            <td>{dayInWords(lang, l.day)}</td>
            <th scope="row">{l.label}</th>
            <td>{n(l.booked)}</td>
            <td>{n(l.checkedIn)}</td>
            <td>{n(l.noShow)}</td>
            <td>{slotCell(t, l.slotToCall)}</td>
          </tr>
        ))}
      </DataTable>
    </Section>
  );
}

/** Arrivals per hour as bars with their numbers; hours outside the first and last arrival are left out. */
function Arrivals({ perHour }: { perHour: number[] }) {
  const { t, c } = useWords();
  const first = perHour.findIndex((n) => n > 0);
  if (first < 0) return <p>{c.reports.nobodyCame}</p>;
  const last = perHour.length - 1 - [...perHour].reverse().findIndex((n) => n > 0);
  const max = Math.max(...perHour);
  const hours = perHour.slice(first, last + 1).map((n, i) => ({ hour: first + i, n }));
  return (
    <ul class="arrivals">
      {hours.map(({ hour, n }) => (
        <li key={hour}>
          <span class="arrivals-hour">
            {String(hour).padStart(2, '0')}:00–{String(hour + 1).padStart(2, '0')}:00
          </span>
          <span class="arrivals-track" aria-hidden="true">
            <span class="arrivals-bar" style={{ width: `${(n / max) * 100}%` }} />
          </span>
          <span class="arrivals-count">{figure(t, n)}</span>
        </li>
      ))}
    </ul>
  );
}
