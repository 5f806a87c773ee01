import type { OfficeFigures, OfficesReport } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { fmt, type Strings } from '../i18n.ts';
import { DataTable, DateField, Section } from './forms.tsx';
import {
  MAX_RANGE_DAYS,
  officesReportUrl,
  presets,
  rangeErrors,
  reportUrl,
  type DayRange,
} from './report-dates.ts';
import { dayInWords, useWords } from './words.ts';
import { officeToday } from './office-day.ts';

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
  const [range, setRange] = useState<DayRange>(() => ({ from: officeToday(), to: officeToday() }));
  const [report, setReport] = useState<OfficesReport | null>(null);
  const [busy, setBusy] = useState(false);
  const [failure, setError] = useState<unknown>(null);
  const error = failure === null ? '' : errorText(t, failure);
  const rangeError = rangeErrors(range);
  const errors = {
    from: rangeError.from && fmt(w.rangeErrors[rangeError.from], { max: MAX_RANGE_DAYS }),
    to: rangeError.to && fmt(w.rangeErrors[rangeError.to], { max: MAX_RANGE_DAYS }),
  };
  const valid = Object.keys(rangeError).length === 0;
  const choose = (next: DayRange) => {
    setRange(next);
    setReport(null);
    setError(null);
  };
  const show = async () => {
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      setReport(await api<OfficesReport>('GET', officesReportUrl(range)));
    } catch (e) {
      setReport(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
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
        <div class="row-actions presets" role="group" aria-label={w.presetsLabel}>
          {presets(officeToday()).map((p) => (
            <button
              key={p.id}
              type="button"
              class="btn small"
              aria-pressed={range.from === p.range.from && range.to === p.range.to}
              onClick={() => choose(p.range)}
            >
              {w.presets[p.id]}
            </button>
          ))}
        </div>
        <form
          class="form inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void show();
          }}
        >
          <DateField
            label={w.from}
            name="from"
            value={range.from}
            error={errors.from}
            onChange={(from) => choose({ ...range, from })}
          />
          <DateField
            label={w.to}
            name="to"
            value={range.to}
            error={errors.to}
            onChange={(to) => choose({ ...range, to })}
          />
          <button type="submit" class="btn primary" disabled={!valid || busy}>
            {busy ? w.counting : w.show}
          </button>
        </form>
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
