import type {
  Category,
  Counter,
  CounterDetail,
  Printer,
  PrinterState,
  PrinterStatusEvent,
  PrintFailedEvent,
  PrintOutcome,
  PublicCategory,
  Report,
  StaffTicket,
} from '@numerek/shared';
import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from '../api.ts';
import { STRINGS } from '../i18n.ts';
import { Section, DataTable } from './forms.tsx';
import { WaitingChart, type Sample } from './WaitingChart.tsx';
import { labelOf } from './labels.ts';

interface Snapshot {
  categories: Category[];
  open: PublicCategory[];
  counters: Counter[];
  waiting: StaffTicket[];
  printers: Printer[];
  report: Report | null;
}

const PRINTER_PROBLEM: Record<Exclude<PrinterState, 'ok'>, string> = {
  paper_near_end: 'papier się kończy',
  paper_out: 'brak papieru',
  cover_open: 'otwarta pokrywa',
  offline: 'drukarka wyłączona lub odłączona',
  no_answer: 'drukarka nie odpowiada',
};

/** Why a kiosk's ticket did not print: a printer state, or the print itself failing. */
const PRINT_FAILURE: Record<Exclude<PrintOutcome['reason'], 'ok' | null>, string> = {
  ...PRINTER_PROBLEM,
  timeout: 'drukarka nie zdążyła',
  error: 'błąd połączenia z drukarką',
};

const SAMPLES_KEY = 'numerek.console.waiting.';
const today = () => new Date().toLocaleDateString('sv-SE');

function loadSamples(): Sample[] {
  try {
    return JSON.parse(localStorage.getItem(SAMPLES_KEY + today()) ?? '[]') as Sample[];
  } catch {
    return [];
  }
}

/**
 * Everything the dashboard shows is fetched again on each live change. The longest wait comes
 * from the counters' waiting lists (a ticket may be listed at several counters: counted once);
 * served today and the mean wait from today's report.
 */
async function loadSnapshot(): Promise<Snapshot> {
  const [categories, open, counters, printers] = await Promise.all([
    api<Category[]>('GET', '/api/admin/categories'),
    api<PublicCategory[]>('GET', '/api/categories'),
    api<Counter[]>('GET', '/api/counters'),
    api<Printer[]>('GET', '/api/admin/printers'),
  ]);
  const details = await Promise.all(
    counters
      .filter((c) => c.active)
      .map((c) => api<CounterDetail>('GET', `/api/counters/${c.id}`).catch(() => null)),
  );
  const waiting = new Map<string, StaffTicket>();
  for (const d of details) for (const w of d?.waiting ?? []) waiting.set(w.id, w);
  const report = await api<Report>('GET', `/api/reports/daily?date=${today()}`).catch(() => null);
  return { categories, open, counters, waiting: [...waiting.values()], printers, report };
}

export function Dashboard(props: {
  version: number;
  printerEvents: PrinterStatusEvent[];
  /** Kiosk tickets that did not print since this console opened, newest first. */
  printFailures: PrintFailedEvent[];
  onDismissPrintFailures: () => void;
}) {
  const [snap, setSnap] = useState<Snapshot | null>(null);
  const [error, setError] = useState('');
  const [samples, setSamples] = useState<Sample[]>(loadSamples);

  useEffect(() => {
    let live = true;
    loadSnapshot().then(
      (s) => {
        if (!live) return;
        setSnap(s);
        setError('');
        const total = s.open.reduce((n, c) => n + c.waiting, 0);
        setSamples((prev) => {
          // One point a minute is plenty for a day's chart.
          const now = Date.now();
          const last = prev.at(-1);
          const next =
            last && now - last.at < 60_000
              ? [...prev.slice(0, -1), { at: now, waiting: total }]
              : [...prev, { at: now, waiting: total }];
          localStorage.setItem(SAMPLES_KEY + today(), JSON.stringify(next.slice(-1440)));
          return next;
        });
      },
      (e: unknown) => live && setError(messageOf(e)),
    );
    return () => {
      live = false;
    };
  }, [props.version]);

  if (!snap) return <p role="status">{error || 'Wczytywanie…'}</p>;

  const t = STRINGS.pl;
  const byCat = (id: string) => snap.waiting.filter((w) => w.categoryId === id);
  const reportLine = (id: string) => snap.report?.byCategory.find((l) => l.id === id) ?? null;
  const alerts: string[] = [];
  for (const p of snap.printers) {
    const live = props.printerEvents.find((e) => e.printerId === p.id);
    const state = live?.state ?? p.status;
    if (state !== 'ok') alerts.push(`Drukarka „${p.name}”: ${PRINTER_PROBLEM[state]}.`);
  }
  for (const f of props.printFailures) {
    const at = new Date(f.at).toLocaleTimeString('pl-PL', { hour: '2-digit', minute: '2-digit' });
    alerts.push(
      `Bilet ${f.ticketCode} (${at}, ${f.kiosk}) nie został wydrukowany: ${labelOf(PRINT_FAILURE, f.reason)}${f.printer ? ` („${f.printer}”)` : ''}. Klient widzi numer na ekranie biletomatu.`,
    );
  }
  for (const c of snap.categories.filter((x) => x.active)) {
    const tickets = byCat(c.id);
    const longest = tickets.length ? Math.max(...tickets.map((w) => w.waitedMinutes)) : 0;
    if (c.maxWaitMinutes !== null && longest > c.maxWaitMinutes)
      alerts.push(
        `${c.prefix} ${c.names.pl}: ktoś czeka ${Math.round(longest)} min, dłużej niż ${c.maxWaitMinutes} min.`,
      );
    const pub = snap.open.find((p) => p.id === c.id);
    if (pub?.status === 'closing' && pub.waiting > 0)
      alerts.push(`${c.prefix} ${c.names.pl}: niedługo zamknięcie, a czeka ${pub.waiting} os.`);
  }
  const counterState = (c: Counter) =>
    c.state === 'open'
      ? c.currentTicketId
        ? 'obsługuje'
        : 'otwarte, wolne'
      : c.state === 'paused'
        ? `przerwa: ${c.pauseReason ? t.pauseReasons[c.pauseReason] : ''}`
        : 'zamknięte';

  return (
    <div class="dashboard" data-testid="dashboard">
      <Section title="Alerty">
        {alerts.length === 0 ? (
          <p>Brak alertów.</p>
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
              Ukryj alerty o niewydrukowanych biletach
            </button>
          </p>
        )}
      </Section>
      <Section title="Kolejka według spraw">
        <DataTable
          label="Kolejka według spraw"
          columns={[
            'Sprawa',
            'Czeka',
            'Najdłużej czeka',
            'Obsłużono dziś',
            'Średni czas oczekiwania',
            'Wydawanie',
          ]}
        >
          {snap.categories
            .filter((c) => c.active)
            .sort((a, b) => a.displayOrder - b.displayOrder)
            .map((c) => {
              const pub = snap.open.find((p) => p.id === c.id);
              const tickets = byCat(c.id);
              const longest = tickets.length ? Math.max(...tickets.map((w) => w.waitedMinutes)) : null;
              const line = reportLine(c.id);
              return (
                <tr key={c.id}>
                  <th scope="row">
                    {c.prefix} – {c.names.pl}
                  </th>
                  <td>{pub?.waiting ?? tickets.length}</td>
                  <td>{longest === null ? '—' : `${Math.round(longest)} min`}</td>
                  <td>{line ? line.served : '—'}</td>
                  <td>{line?.wait.mean != null ? `${Math.round(line.wait.mean)} min` : '—'}</td>
                  <td>{statusText(pub?.status)}</td>
                </tr>
              );
            })}
        </DataTable>
      </Section>
      <Section title="Stanowiska">
        <DataTable label="Stanowiska teraz" columns={['Stanowisko', 'Stan', 'Urzędnik', 'Sprawy dziś']}>
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
      <Section title="Oczekujący w ciągu dnia">
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

function statusText(s: PublicCategory['status'] | undefined): string {
  switch (s) {
    case 'open':
      return 'otwarte';
    case 'closed':
      return 'zamknięte';
    case 'limit_reached':
      return 'limit wyczerpany';
    case 'closing':
      return 'przed zamknięciem';
    default:
      return '—';
  }
}
