import type { MinuteStats, Report, ReportLine } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { api, messageOf } from '../api.ts';
import { STRINGS } from '../i18n.ts';
import { Field } from '../Modal.tsx';
import { DataTable, Section } from './forms.tsx';
import { daysIn, presets, rangeErrors, reportUrl, type DayRange, type ReportFormat } from './report-dates.ts';

const DOWNLOADS: Array<{ format: ReportFormat; label: string }> = [
  { format: 'pdf', label: 'PDF (do druku)' },
  { format: 'csv', label: 'CSV (Excel)' },
  { format: 'json', label: 'JSON (dane)' },
];

const today = () => new Date().toLocaleDateString('sv-SE');
const num = (n: number | null, digits = 1) =>
  n === null ? '–' : n.toLocaleString('pl-PL', { maximumFractionDigits: digits });
const pct = (share: number | null) => (share === null ? '–' : `${num(share * 100, 0)} %`);
const dayPl = (day: string) =>
  new Date(`${day}T12:00:00Z`).toLocaleDateString('pl-PL', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  });

/**
 * Reports for a day or a range of days: the figures on screen, and the same report as PDF, CSV
 * for a Polish Excel, or JSON. The files are made by the server (`/api/reports/daily|range`).
 */
export function ReportsPage() {
  const [range, setRange] = useState<DayRange>(() => ({ from: today(), to: today() }));
  const [report, setReport] = useState<Report | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const errors = rangeErrors(range);
  const valid = Object.keys(errors).length === 0;

  const choose = (next: DayRange) => {
    setRange(next);
    setReport(null);
    setError('');
  };
  const show = async () => {
    if (!valid) return;
    setBusy(true);
    setError('');
    try {
      setReport(await api<Report>('GET', reportUrl(range, 'json')));
    } catch (e) {
      setReport(null);
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Section title="Okres raportu">
        <p>
          Wybierz dzień albo zakres dni (najwyżej rok). Raport liczy bilety wydane w tych dniach według czasu
          urzędu.
        </p>
        <div class="row-actions presets" role="group" aria-label="Szybki wybór okresu">
          {presets(today()).map((p) => (
            <button
              key={p.id}
              type="button"
              class="btn small"
              aria-pressed={range.from === p.range.from && range.to === p.range.to}
              onClick={() => choose(p.range)}
            >
              {p.label}
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
            label="Od"
            name="from"
            value={range.from}
            error={errors.from}
            onChange={(from) => choose({ ...range, from })}
          />
          <DateField
            label="Do"
            name="to"
            value={range.to}
            error={errors.to}
            onChange={(to) => choose({ ...range, to })}
          />
          <button type="submit" class="btn primary" disabled={!valid || busy}>
            {busy ? 'Liczę…' : 'Pokaż raport'}
          </button>
        </form>
        {valid && (
          <div class="row-actions downloads" role="group" aria-label="Pobierz raport">
            {DOWNLOADS.map((d) => (
              <a key={d.format} class="btn" href={reportUrl(range, d.format)} download>
                Pobierz {d.label}
              </a>
            ))}
          </div>
        )}
        <p class="error" role="alert">
          {error}
        </p>
        <p class="result" role="status">
          {report
            ? `Raport za ${report.from === report.to ? dayPl(report.from) : `${dayPl(report.from)} – ${dayPl(report.to)} (${daysIn(report.from, report.to)} dni)`}: wydano ${report.total.issued}, obsłużono ${report.total.served}.`
            : ''}
        </p>
      </Section>
      {report && <ReportView report={report} />}
    </>
  );
}

function DateField(props: {
  label: string;
  name: string;
  value: string;
  error: string | undefined;
  onChange: (day: string) => void;
}) {
  return (
    <Field label={props.label} error={props.error ?? null}>
      {(f) => (
        <input
          id={f.id}
          name={props.name}
          type="date"
          aria-describedby={f.describedBy}
          aria-invalid={f.invalid}
          value={props.value}
          onInput={(e) => props.onChange(e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

function ReportView({ report }: { report: Report }) {
  const t = report.total;
  const pauses = Object.entries(report.pauseMinutes).filter(([, m]) => m > 0);
  const reasons = STRINGS.pl.pauseReasons as Record<string, string>;
  return (
    <>
      <Section title="Podsumowanie">
        <dl class="report-summary">
          <Figure label="Wydane bilety" value={String(t.issued)} />
          <Figure label="Obsłużeni" value={String(t.served)} />
          <Figure label="Nieobecni" value={String(t.noShow)} />
          <Figure label="Przekazani" value={String(t.transferred)} />
          <Figure label="Średnie czekanie" value={`${num(t.wait.mean)} min`} />
          <Figure label="90 % czekało najwyżej" value={`${num(t.wait.p90)} min`} />
          <Figure label="Średnia obsługa" value={`${num(t.service.mean)} min`} />
          <Figure label="Z pierwszeństwem" value={pct(t.priorityShare)} />
          <Figure
            label="Czekanie: pierwszeństwo / pozostali"
            value={`${num(t.priorityWait.mean)} / ${num(t.regularWait.mean)} min`}
          />
          <Figure label="Ponad maksymalny czas" value={String(t.overMaxWait)} warn={t.overMaxWait > 0} />
        </dl>
        {report.aggregatedDays.length > 0 && (
          <p class="small-text">
            Dni starsze niż okres przechowywania biletów ({report.aggregatedDays.length}) liczone są z
            zachowanych sum dziennych.
          </p>
        )}
      </Section>
      <LinesTable title="Według spraw" lines={report.byCategory} first="Sprawa" />
      <LinesTable title="Według stanowisk" lines={report.byCounter} first="Stanowisko" />
      <LinesTable title="Według urzędników" lines={report.byClerk} first="Urzędnik" />
      <Section title="Przybycia według godziny">
        <Arrivals perHour={report.arrivalsPerHour} />
      </Section>
      <Section title="Przerwy">
        {pauses.length === 0 ? (
          <p>Brak przerw w tym okresie.</p>
        ) : (
          <ul>
            {pauses.map(([reason, minutes]) => (
              <li key={reason}>
                {reasons[reason] ?? reason}: {num(minutes, 0)} min
              </li>
            ))}
          </ul>
        )}
      </Section>
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

const waitCell = (s: MinuteStats) =>
  s.count ? `${num(s.mean)} / ${num(s.median)} / ${num(s.p90)} / ${num(s.max)}` : '–';

function LinesTable(props: { title: string; lines: ReportLine[]; first: string }) {
  return (
    <Section title={props.title}>
      {props.lines.length === 0 ? (
        <p>Brak danych w tym okresie.</p>
      ) : (
        <DataTable
          label={props.title}
          columns={[
            props.first,
            'Wydane',
            'Obsłużeni',
            'Nieobecni',
            'Przekazani',
            'Anulowane',
            'Czekanie, min: średnio / mediana / 90 % / najdłużej',
            'Obsługa, min średnio',
            'Pierwszeństwo',
            'Czekanie, min: pierwszeństwo / pozostali',
            'Ponad maks. czas',
          ]}
          class="report-table"
        >
          {props.lines.map((l) => (
            <tr key={l.id ?? l.label}>
              <th scope="row">{l.label}</th>
              <td>{l.issued}</td>
              <td>{l.served}</td>
              <td>{l.noShow}</td>
              <td>{l.transferred}</td>
              <td>{l.cancelled}</td>
              <td>{waitCell(l.wait)}</td>
              <td>{num(l.service.mean)}</td>
              <td>{pct(l.priorityShare)}</td>
              <td>
                {num(l.priorityWait.mean)} / {num(l.regularWait.mean)}
              </td>
              <td class={l.overMaxWait > 0 ? 'warn-text' : undefined}>{l.overMaxWait}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Section>
  );
}

/** Arrivals per hour as bars with their numbers; hours outside the first and last arrival are left out. */
function Arrivals({ perHour }: { perHour: number[] }) {
  const first = perHour.findIndex((n) => n > 0);
  if (first < 0) return <p>Nikt nie pobrał biletu w tym okresie.</p>;
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
          <span class="arrivals-count">{n}</span>
        </li>
      ))}
    </ul>
  );
}
