import type { Counter } from '@numerek/shared';
import type { ComponentChildren } from 'preact';
import type { PanelProps } from './panel-props.ts';
import { PASSWORD_SECTION } from './console/sections.ts';
import { fmt } from './i18n.ts';
import type { LiveStatus } from './live.ts';
import { LanguagePicker } from './SignIn.tsx';

/** The panel's top bar: who, which counter, live status, language, console link, own password, sign out. */
export function PanelHeader(
  props: PanelProps & { counter: Counter | null; live: LiveStatus | null; extra?: ComponentChildren },
) {
  const { t, me } = props;
  return (
    <header class="topbar">
      <p class="brand">
        <strong>Numerek</strong>
        {props.counter && <span> · {props.counter.name}</span>}
        <span> · {fmt(t.signedInAs, { name: me.displayName })}</span>
      </p>
      {props.live && (
        <p class={`live ${props.live}`} role="status">
          {props.live === 'online' ? `● ${t.live}` : t.offline}
        </p>
      )}
      <div class="topbar-actions">
        <LanguagePicker t={t} lang={props.lang} setLang={props.setLang} />
        {props.extra}
        {me.role !== 'clerk' && (
          <a class="btn link" href="#/console/dashboard">
            {t.console}
          </a>
        )}
        <a class="btn link" href={`#/console/${PASSWORD_SECTION}`}>
          {t.changePassword.open}
        </a>
        <button type="button" class="btn" onClick={props.onSignOut}>
          {t.signOut}
        </button>
      </div>
    </header>
  );
}
