import type { Language, Me } from '@numerek/shared';
import { fmt, type Strings } from './i18n.ts';
import { PasswordChangeForm } from './PasswordChangeForm.tsx';
import { LanguagePicker } from './SignIn.tsx';

/**
 * After signing in with a password someone else set (generated at the first start, or given by
 * whoever made or reset the account), the user chooses their own before the panel or the console
 * opens; the server refuses everything else until then (PASSWORD_CHANGE_REQUIRED).
 */
export function ChoosePassword(props: {
  me: Me;
  t: Strings;
  lang: Language;
  setLang: (l: Language) => void;
  onChosen: (me: Me) => void;
  onSignOut: () => void;
}) {
  const w = props.t.choosePassword;
  return (
    <main class="page signin" data-screen="choose-password">
      <div class="signin-top">
        <LanguagePicker t={props.t} lang={props.lang} setLang={props.setLang} />
      </div>
      <h1>Numerek</h1>
      <PasswordChangeForm
        class="card form"
        me={props.me}
        t={props.t}
        autoFocus
        onChanged={props.onChosen}
        intro={
          <>
            <h2>{w.title}</h2>
            <p class="form-intro">{w.intro}</p>
            <p class="hint">{fmt(props.t.signedInAs, { name: props.me.displayName })}</p>
          </>
        }
        buttons={
          <button class="btn" type="button" onClick={props.onSignOut}>
            {props.t.signOut}
          </button>
        }
      />
    </main>
  );
}
