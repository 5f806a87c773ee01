import { useState } from 'preact/hooks';
import { api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { fmt } from '../i18n.ts';
import { DateField } from './forms.tsx';
import { MAX_RANGE_DAYS, presets, rangeErrors, type DayRange } from './report-dates.ts';
import { useWords } from './words.ts';
import { officeToday } from './office-day.ts';

/** A report page's period, the report read for it and what went wrong, in the reader's language. */
export interface ReportPeriod<R> {
  range: DayRange;
  /** The days' faults, as words under the fields. */
  errors: { from?: string; to?: string };
  valid: boolean;
  report: R | null;
  busy: boolean;
  error: string;
  /** A new period: the report shown for the old one goes. */
  choose: (next: DayRange) => void;
  show: () => Promise<void>;
}

/** The period a report page shows (today to begin with) and the report read from `urlOf(range)`. */
export function useReportPeriod<R>(urlOf: (range: DayRange) => string): ReportPeriod<R> {
  const { t, c } = useWords();
  const w = c.reports;
  const [range, setRange] = useState<DayRange>(() => ({ from: officeToday(), to: officeToday() }));
  const [report, setReport] = useState<R | null>(null);
  const [busy, setBusy] = useState(false);
  // The error itself, so its words follow a change of language.
  const [failure, setError] = useState<unknown>(null);
  const rangeError = rangeErrors(range);
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
      setReport(await api<R>('GET', urlOf(range)));
    } catch (e) {
      setReport(null);
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return {
    range,
    errors: {
      from: rangeError.from && fmt(w.rangeErrors[rangeError.from], { max: MAX_RANGE_DAYS }),
      to: rangeError.to && fmt(w.rangeErrors[rangeError.to], { max: MAX_RANGE_DAYS }),
    },
    valid,
    report,
    busy,
    error: failure === null ? '' : errorText(t, failure),
    choose,
    show,
  };
}

/** The presets (today, yesterday, this week…) and the two days of a period, with "Show". */
export function PeriodForm<R>({ period }: { period: ReportPeriod<R> }) {
  const w = useWords().c.reports;
  const { range, errors, valid, busy, choose, show } = period;
  return (
    <>
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
    </>
  );
}
