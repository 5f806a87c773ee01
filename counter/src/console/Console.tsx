import type { Me, PrinterStatusEvent, PrintFailedEvent } from '@numerek/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Route } from '../route.ts';
import { api } from '../api.ts';
import { connectLive, type LiveStatus } from '../live.ts';
import { AuditPage } from './AuditPage.tsx';
import { BackupPage } from './BackupPage.tsx';
import { CategoriesPage } from './CategoriesPage.tsx';
import { CountersPage } from './CountersPage.tsx';
import { Dashboard } from './Dashboard.tsx';
import { DevicesPage } from './DevicesPage.tsx';
import { PrintersPage } from './PrintersPage.tsx';
import { PriorityPage } from './PriorityPage.tsx';
import { ReportsPage } from './ReportsPage.tsx';
import { TicketPage } from './TicketPage.tsx';
import { UsersPage } from './UsersPage.tsx';

export const SECTIONS = [
  ['dashboard', 'Pulpit'],
  ['categories', 'Sprawy'],
  ['priority', 'Pierwszeństwo'],
  ['counters', 'Stanowiska'],
  ['users', 'Użytkownicy'],
  ['devices', 'Urządzenia'],
  ['printers', 'Drukarki'],
  ['audit', 'Dziennik zmian'],
  ['ticket', 'Historia biletu'],
  ['reports', 'Raporty'],
  ['backup', 'Kopia zapasowa'],
] as const;

/** Tickets not printed that the dashboard keeps showing until a supervisor hides them. */
const PRINT_FAILURES_KEPT = 20;

/**
 * The supervisor console (Polish only for now). A clerk who opens a console address is refused
 * here as well as by the server, which answers 403 to every console request of a clerk.
 */
export function Console(props: {
  me: Me;
  route: Extract<Route, { kind: 'console' }>;
  onSignOut: () => void;
}) {
  const { me, route } = props;
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState<LiveStatus>('connecting');
  const [printerEvents, setPrinterEvents] = useState<PrinterStatusEvent[]>([]);
  const [printFailures, setPrintFailures] = useState<PrintFailedEvent[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  const allowed = me.role !== 'clerk';

  useEffect(() => {
    if (!allowed) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    return connectLive('/console', null, {
      status: setLive,
      // A busy office sends many deltas a second: reload at most twice a second.
      changed: () => {
        timer ??= setTimeout(() => {
          timer = null;
          setVersion((v) => v + 1);
        }, 500);
      },
      expired: () => void api('GET', '/api/auth/me').catch(() => undefined),
      printer: (e) => setPrinterEvents((prev) => [e, ...prev.filter((p) => p.printerId !== e.printerId)]),
      printFailed: (e) => setPrintFailures((prev) => [e, ...prev].slice(0, PRINT_FAILURES_KEPT)),
    });
  }, [allowed]);

  // Moving between sections moves focus to the new section's heading, as a page load would.
  useEffect(() => heading.current?.focus(), [route.section]);

  const title = SECTIONS.find(([k]) => k === route.section)?.[1] ?? 'Nie ma takiej strony';

  return (
    <div class="page console" lang="pl" data-screen={`console-${route.section}`}>
      <header class="topbar">
        <p class="brand">
          <strong>Numerek</strong> · Konsola kierownika · {me.displayName}
        </p>
        {allowed && (
          <p class={`live ${live}`} role="status">
            {live === 'online' ? '● Na żywo' : 'Brak połączenia na żywo — ponawiam…'}
          </p>
        )}
        <div class="topbar-actions">
          <a class="btn link" href="#/">
            Panel stanowiska
          </a>
          <button type="button" class="btn" onClick={props.onSignOut}>
            Wyloguj
          </button>
        </div>
      </header>
      {allowed ? (
        <div class="console-body">
          <nav aria-label="Konsola" class="console-nav">
            <ul>
              {SECTIONS.filter(([key]) => key !== 'backup' || me.role === 'admin').map(([key, label]) => (
                <li key={key}>
                  <a href={`#/console/${key}`} aria-current={route.section === key ? 'page' : undefined}>
                    {label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <main class="console-main">
            <h1 ref={heading} tabIndex={-1}>
              {title}
            </h1>
            {route.section === 'dashboard' && (
              <Dashboard
                version={version}
                printerEvents={printerEvents}
                printFailures={printFailures}
                onDismissPrintFailures={() => setPrintFailures([])}
              />
            )}
            {route.section === 'categories' && <CategoriesPage />}
            {route.section === 'priority' && <PriorityPage />}
            {route.section === 'counters' && <CountersPage version={version} />}
            {route.section === 'users' && <UsersPage me={me} />}
            {route.section === 'devices' && <DevicesPage />}
            {route.section === 'printers' && <PrintersPage version={version} role={me.role} />}
            {route.section === 'audit' && <AuditPage />}
            {route.section === 'ticket' && <TicketPage ticketId={route.arg} />}
            {route.section === 'reports' && <ReportsPage />}
            {route.section === 'backup' && <BackupPage role={me.role} />}
          </main>
        </div>
      ) : (
        <main class="console-main" data-screen="console-refused">
          <h1 ref={heading} tabIndex={-1}>
            Brak dostępu
          </h1>
          <p role="alert">
            Konsola jest dla kierowników i administratorów. Twoja rola (urzędnik) nie ma do niej dostępu.
          </p>
          <p>
            <a href="#/">Wróć do panelu stanowiska</a>
          </p>
        </main>
      )}
    </div>
  );
}
