import type { Language, PrinterStatusEvent, PrintFailedEvent } from '@numerek/shared';
import type { StaffMe } from '../panel-props.ts';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Route } from '../route.ts';
import { sessionEnded } from '../api.ts';
import { connectLive, type LiveStatus } from '../live.ts';
import { LanguagePicker } from '../SignIn.tsx';
import { AuditPage } from './AuditPage.tsx';
import { BackupPage } from './BackupPage.tsx';
import { CategoriesPage } from './CategoriesPage.tsx';
import { CountersPage } from './CountersPage.tsx';
import { Dashboard } from './Dashboard.tsx';
import { DevicesPage } from './DevicesPage.tsx';
import { PrintersPage } from './PrintersPage.tsx';
import { PriorityPage } from './PriorityPage.tsx';
import { PasswordPage } from './PasswordPage.tsx';
import { ReportsPage } from './ReportsPage.tsx';
import { SurveyPage } from './SurveyPage.tsx';
import { BookingsPage } from './BookingsPage.tsx';
import { TicketPage } from './TicketPage.tsx';
import { UsersPage } from './UsersPage.tsx';
import { isSection, PASSWORD_SECTION, SECTIONS } from './sections.ts';
import { WordsContext, wordsIn } from './words.ts';

/** Tickets not printed that the dashboard keeps showing until a supervisor hides them. */
const PRINT_FAILURES_KEPT = 20;

/**
 * The supervisor console, in the language the user chose. A clerk who opens a console address is refused
 * here as well as by the server, which answers 403 to every console request of a clerk; the one
 * page open to a clerk is the change of their own password.
 */
export function Console(props: {
  me: StaffMe;
  route: Extract<Route, { kind: 'console' }>;
  lang: Language;
  setLang: (l: Language) => void;
  onSignOut: () => void;
}) {
  const { me, route } = props;
  const words = wordsIn(props.lang);
  const { t, c } = words;
  const [version, setVersion] = useState(0);
  const [live, setLive] = useState<LiveStatus>('connecting');
  const [printerEvents, setPrinterEvents] = useState<PrinterStatusEvent[]>([]);
  const [printFailures, setPrintFailures] = useState<PrintFailedEvent[]>([]);
  const heading = useRef<HTMLHeadingElement>(null);
  const allowed = me.role !== 'clerk';
  const ownPassword = route.section === PASSWORD_SECTION;

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
      expired: sessionEnded,
      printer: (e) => setPrinterEvents((prev) => [e, ...prev.filter((p) => p.printerId !== e.printerId)]),
      printFailed: (e) => setPrintFailures((prev) => [e, ...prev].slice(0, PRINT_FAILURES_KEPT)),
    });
  }, [allowed]);

  // Moving between sections moves focus to the new section's heading, as a page load would.
  useEffect(() => heading.current?.focus(), [route.section]);

  const title = ownPassword
    ? t.changePassword.title
    : isSection(route.section)
      ? c.sections[route.section]
      : c.noSuchPage;

  return (
    <WordsContext.Provider value={words}>
      <div class="page console" lang={props.lang} data-screen={`console-${route.section}`}>
        <header class="topbar">
          <p class="brand">
            <strong>Numerek</strong>
            {me.officeName && (
              <>
                {' · '}
                <span data-any-language data-testid="office-name">
                  {me.officeName}
                </span>
              </>
            )}{' '}
            {/* A clerk comes here only for their password: not "the supervisor's console". */}
            {allowed ? `· ${c.title} ` : ''}· {me.displayName}
          </p>
          {allowed && (
            <p class={`live ${live}`} role="status">
              {live === 'online' ? `● ${t.live}` : t.offline}
            </p>
          )}
          <div class="topbar-actions">
            <LanguagePicker t={t} lang={props.lang} setLang={props.setLang} />
            <a class="btn link" href="#/">
              {t.panel}
            </a>
            <a
              class="btn link"
              href={`#/console/${PASSWORD_SECTION}`}
              aria-current={ownPassword ? 'page' : undefined}
            >
              {t.changePassword.open}
            </a>
            <button type="button" class="btn" onClick={props.onSignOut}>
              {t.signOut}
            </button>
          </div>
        </header>
        {allowed ? (
          <div class="console-body">
            <nav aria-label={c.nav} class="console-nav">
              <ul>
                {SECTIONS.filter((key) => key !== 'backup' || me.role === 'admin').map((key) => (
                  <li key={key}>
                    <a href={`#/console/${key}`} aria-current={route.section === key ? 'page' : undefined}>
                      {c.sections[key]}
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
              {route.section === 'devices' && <DevicesPage version={version} />}
              {route.section === 'printers' && <PrintersPage version={version} role={me.role} />}
              {route.section === 'audit' && <AuditPage />}
              {route.section === 'ticket' && <TicketPage ticketId={route.arg} />}
              {route.section === 'reports' && <ReportsPage />}
              {route.section === 'survey' && <SurveyPage role={me.role} />}
              {route.section === 'bookings' && <BookingsPage version={version} />}
              {route.section === 'backup' && <BackupPage role={me.role} />}
              {ownPassword && <PasswordPage me={me} />}
            </main>
          </div>
        ) : ownPassword ? (
          <main class="console-main">
            <h1 ref={heading} tabIndex={-1}>
              {title}
            </h1>
            <PasswordPage me={me} />
          </main>
        ) : (
          <main class="console-main" data-screen="console-refused">
            <h1 ref={heading} tabIndex={-1}>
              {c.refusedTitle}
            </h1>
            <p role="alert">{c.refused}</p>
            <p>
              <a href="#/">{c.backToPanel}</a>
            </p>
          </main>
        )}
      </div>
    </WordsContext.Provider>
  );
}
