import type {
  Category,
  CategoryWaitNow,
  Counter,
  Printer,
  PrinterStatusEvent,
  PrintFailedEvent,
  PublicCategory,
  Report,
} from '@numerek/shared';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.ts';
import { errorText } from '../error-text.ts';
import { fmt, nameIn, plural } from '../i18n.ts';
import { Section, DataTable } from './forms.tsx';
import { WaitingChart, type Sample } from './WaitingChart.tsx';
import { labelOf } from './labels.ts';
import { timeOfDay, useWords } from './words.ts';
import { officeToday } from './office-day.ts';

interface Snapshot {
  categories: Category[];
  open: PublicCategory[];
  counters: Counter[];
  waiting: CategoryWaitNow[];
  printers: Printer[];
  report: Report | null;
}

const SAMPLES_KEY = 'numerek.console.waiting.';

function loadSamples(): Sample[] {
  try {
    return JSON.parse(localStorage.getItem(SAMPLES_KEY + officeToday()) ?? '[]') as Sample[];
  } catch {
    return [];
  }
}

/**
 * Everything the dashboard shows is fetched again on each live change. How many wait and the
 * longest wait come together from one answer, over the same tickets (also those transferred to
 * a counter, and in categories no counter serves now); served today and the mean wait from
 * today's report.
 */
async function loadSnapshot(): Promise<Snapshot> {
  const [categories, open, counters, printers, waiting] = await Promise.all([
    api<Category[]>('GET', '/api/admin/categories'),
    api<PublicCategory[]>('GET', '/api/categories'),
    api<Counter[]>('GET', '/api/counters'),
    api<Printer[]>('GET', '/api/admin/printers'),
    api<CategoryWaitNow[]>('GET', '/api/admin/queue/waiting'),
  ]);
  const report = await api<Report>('GET', `/api/reports/daily?date=${officeToday()}`).catch(() => null);
  return { categories, open, counters, waiting, printers, report };
}

export function Dashboard(props: {
  version: number;
  printerEvents: PrinterStatusEvent[];
  /** Kiosk tickets that did not print since this console opened, newest first. */
  printFailures: PrintFailedEvent[];
  onDismissPrintFailures: () => void;
}) {
  const { lang, t, c } = useWords();
  const d = c.dashboard;
  const [snap, setSnap] = useState<Snapshot | null>(null);
  const [failure, setError] = useState<unknown>(null);
  const [samples, setSamples] = useState<Sample[]>(loadSamples);

  useEffect(() => {
    let live = true;
    loadSnapshot().then(
      (s) => {
        if (!live) return;
        setSnap(s);
        setError(null);
        const total = s.waiting.reduce((n, c) => n + c.waiting, 0);
        setSamples((prev) => {
          // One point a minute is plenty for a day's chart.
          const now = Date.now();
          const last = prev.at(-1);
          const next =
            last && now - last.at < 60_000
              ? [...prev.slice(0, -1), { at: now, waiting: total }]
              : [...prev, { at: now, waiting: total }];
          localStorage.setItem(SAMPLES_KEY + officeToday(), JSON.stringify(next.slice(-1440)));
          return next;
        });
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [props.version]);

  const error = failure === null ? '' : errorText(t, failure);
  if (!snap) return <p role="status">{error || t.loading}</p>;

  const catName = (cat: Category) => `${cat.prefix} ${nameIn(cat.names, lang)}`;
  const waitingIn = (id: string) => snap.waiting.find((w) => w.categoryId === id) ?? null;
  const reportLine = (id: string) => snap.report?.byCategory.find((l) => l.id === id) ?? null;
  const alerts: string[] = [];
  for (const p of snap.printers) {
    const live = props.printerEvents.find((e) => e.printerId === p.id);
    const state = live?.state ?? p.status;
    if (state !== 'ok') alerts.push(fmt(d.printerAlert, { name: p.name, problem: c.printerProblems[state] }));
  }
  for (const f of props.printFailures) {
    alerts.push(
      fmt(d.printFailed, {
        code: f.ticketCode,
        at: timeOfDay(lang, f.at),
        kiosk: f.kiosk,
        why: labelOf({ ...c.printerProblems, ...c.printFailures }, f.reason),
        printer: f.printer ? fmt(d.printFailedPrinter, { name: f.printer }) : '',
      }),
    );
  }
  for (const cat of snap.categories.filter((x) => x.active)) {
    const w = waitingIn(cat.id);
    const longest = w?.longestWaitMinutes ?? 0;
    if (cat.maxWaitMinutes !== null && longest > cat.maxWaitMinutes)
      alerts.push(
        fmt(d.overMaxWait, { category: catName(cat), waited: Math.round(longest), max: cat.maxWaitMinutes }),
      );
    const pub = snap.open.find((p) => p.id === cat.id);
    if (pub?.status === 'closing' && w !== null && w.waiting > 0)
      alerts.push(plural(t, w.waiting, d.closingSoon, { category: catName(cat) }));
  }
  const counterState = (k: Counter) =>
    k.state === 'open'
      ? k.currentTicketId
        ? d.serving
        : d.openFree
      : k.state === 'paused'
        ? t.pausedShort[k.pauseReason ?? 'break']
        : d.closed;

  return (
    <div class="dashboard" data-testid="dashboard">
      <Section title={d.alerts}>
        {alerts.length === 0 ? (
          <p>{d.noAlerts}</p>
        ) : (
          <ul class="alerts">
            {alerts.map((a) => (
              <li key={a}>
                <span aria-hidden="true">⚠ </span>
                {a}
              </li>
            ))}
          </ul>
        )}
        {props.printFailures.length > 0 && (
          <p class="row-actions">
            <button type="button" class="btn small" onClick={props.onDismissPrintFailures}>
              {d.hidePrintFailures}
            </button>
          </p>
        )}
      </Section>
      <Section title={d.queueByCategory}>
        <DataTable label={d.queueByCategory} columns={d.columnsQueue}>
          {snap.categories
            .filter((c) => c.active)
            .sort((a, b) => a.displayOrder - b.displayOrder)
            .map((c) => {
              const pub = snap.open.find((p) => p.id === c.id);
              const w = waitingIn(c.id);
              const longest = w?.longestWaitMinutes ?? null;
              const line = reportLine(c.id);
              return (
                <tr key={c.id}>
                  <th scope="row">
                    {c.prefix} – {nameIn(c.names, lang)}
                  </th>
                  <td>{w?.waiting ?? 0}</td>
                  <td>{longest === null ? '—' : `${Math.round(longest)} min`}</td>
                  <td>{line ? line.served : '—'}</td>
                  <td>{line?.wait.mean != null ? `${Math.round(line.wait.mean)} min` : '—'}</td>
                  <td>{pub ? d.status[pub.status] : '—'}</td>
                </tr>
              );
            })}
        </DataTable>
      </Section>
      <Section title={d.counters}>
        <DataTable label={d.countersNow} columns={d.columnsCounters}>
          {snap.counters.map((c) => (
            <tr key={c.id}>
              <th scope="row">{c.name}</th>
              <td>{counterState(c)}</td>
              <td>{c.clerk?.displayName ?? '—'}</td>
              <td>
                {(c.state === 'closed' ? [] : c.servingCategoryIds)
                  .map((id) => snap.categories.find((x) => x.id === id)?.prefix ?? '?')
                  .join(', ') || '—'}
              </td>
            </tr>
          ))}
        </DataTable>
      </Section>
      <Section title={d.waitingToday}>
        <WaitingChart samples={samples} />
      </Section>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
