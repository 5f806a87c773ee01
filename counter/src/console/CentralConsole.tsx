import type { Language, Me } from '@numerek/shared';
import { useEffect, useRef } from 'preact/hooks';
import type { Route } from '../route.ts';
import { LanguagePicker } from '../SignIn.tsx';
import { BackupPage } from './BackupPage.tsx';
import { OfficesPage } from './OfficesPage.tsx';
import { OfficesReportPage } from './OfficesReportPage.tsx';
import { PasswordPage } from './PasswordPage.tsx';
import { CENTRAL_SECTIONS, isCentralSection, PASSWORD_SECTION } from './sections.ts';
import { WordsContext, wordsIn } from './words.ts';

/**
 * The central administrator's console, in the language they chose: the offices and their
 * administrators, the report across offices, and backups of the whole installation. It follows no
 * office live: a central administrator does none of an office's daily work.
 */
export function CentralConsole(props: {
  me: Me;
  route: Route;
  lang: Language;
  setLang: (l: Language) => void;
  onSignOut: () => void;
}) {
  const words = wordsIn(props.lang);
  const { t, c } = words;
  const w = c.central;
  const heading = useRef<HTMLHeadingElement>(null);
  // The panel's address and the console's first page both open the list of offices.
  const asked = props.route.kind === 'console' ? props.route.section : 'offices';
  const section = asked === 'dashboard' ? 'offices' : asked;

  useEffect(() => heading.current?.focus(), [section]);

  return (
    <WordsContext.Provider value={words}>
      <div class="page console" lang={props.lang} data-screen={`central-${section}`}>
        <header class="topbar">
          <p class="brand">
            <strong>Numerek</strong> · {w.title} · {props.me.displayName}
          </p>
          <div class="topbar-actions">
            <LanguagePicker t={t} lang={props.lang} setLang={props.setLang} />
            <a
              class="btn link"
              href={`#/console/${PASSWORD_SECTION}`}
              aria-current={section === PASSWORD_SECTION ? 'page' : undefined}
            >
              {t.changePassword.open}
            </a>
            <button type="button" class="btn" onClick={props.onSignOut}>
              {t.signOut}
            </button>
          </div>
        </header>
        <div class="console-body">
          <nav aria-label={w.nav} class="console-nav">
            <ul>
              {CENTRAL_SECTIONS.map((key) => (
                <li key={key}>
                  <a href={`#/console/${key}`} aria-current={section === key ? 'page' : undefined}>
                    {w.sections[key]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <main class="console-main">
            <h1 ref={heading} tabIndex={-1}>
              {section === PASSWORD_SECTION
                ? t.changePassword.title
                : isCentralSection(section)
                  ? w.sections[section]
                  : c.noSuchPage}
            </h1>
            {section === 'offices' && <OfficesPage />}
            {section === 'summary' && <OfficesReportPage />}
            {section === 'backup' && <BackupPage role="central" />}
            {section === PASSWORD_SECTION && <PasswordPage me={props.me} />}
          </main>
        </div>
      </div>
    </WordsContext.Provider>
  );
}
