import type { OfficeFigures, OfficesReport } from '@numerek/shared';
import { fmt, type Strings } from '../i18n.ts';
import { DataTable, Section } from './forms.tsx';
import { officesReportUrl, reportUrl } from './report-dates.ts';
import { PeriodForm, useReportPeriod } from './ReportPeriod.tsx';
import { dayInWords, useWords } from './words.ts';

const figure = (t: Strings, n: number | null) =>
  n === null ? '–' : new Intl.NumberFormat(t.locale, { maximumFractionDigits: 1 }).format(n);

/**
 * The report across offices, for the central administrator: each office's tickets issued,
 * served and missed, and its mean and 90th-percentile wait, over the same days; all offices
 * together below; and each office's full report as a PDF in the chosen language.
 */
export function OfficesReportPage() {
  const { lang, t, c } = useWords();
  const w = c.reports;
  const s = c.central.summary;
  const period = useReportPeriod<OfficesReport>(officesReportUrl);
  const { range, report, error } = period;
  const cells = (f: OfficeFigures) => (
    <>
      <td>{figure(t, f.issued)}</td>
      <td>{figure(t, f.served)}</td>
      <td>{figure(t, f.noShow)}</td>
      <td>{figure(t, f.wait.mean)}</td>
      <td>{figure(t, f.wait.p90)}</td>
    </>
  );

  return (
    <>
      <Section title={w.period}>
        <p>{s.intro}</p>
        <PeriodForm period={period} />
        <p class="error" role="alert">
          {error}
        </p>
        <p class="result" role="status">
          {report === null
            ? ''
            : fmt(s.result, {
                from: dayInWords(lang, report.from),
                to: dayInWords(lang, report.to),
                issued: figure(t, report.total.issued),
                served: figure(t, report.total.served),
              })}
        </p>
      </Section>
      {report && (
        <Section title={s.table}>
          <DataTable label={s.table} columns={s.columns} class="report-table offices-report">
            {report.offices.map((line) => (
              <tr key={line.office.id}>
                <th scope="row">{line.office.name}</th>
                {cells(line)}
                <td>
                  <a class="btn small" href={reportUrl(range, 'pdf', lang, line.office.id)} download>
                    <span data-any-language>PDF</span>
                    <span class="visually-hidden">: {fmt(s.fullReport, { name: line.office.name })}</span>
                  </a>
                </td>
              </tr>
            ))}
            <tr class="total">
              <th scope="row">{s.total}</th>
              {cells(report.total)}
              <td />
            </tr>
          </DataTable>
        </Section>
      )}
    </>
  );
}
