import type { Me } from '@numerek/shared';
import { PasswordChangeForm } from '../PasswordChangeForm.tsx';
import { useWords } from './words.ts';

/**
 * Any signed-in member of staff changes their own password: a clerk (for whom this is the only
 * page of the console), a supervisor, an administrator, the central administrator. Their other
 * sessions end; this one goes on.
 */
export function PasswordPage(props: { me: Me }) {
  const { t } = useWords();
  const w = t.changePassword;
  return (
    <PasswordChangeForm
      class="card form password-form"
      me={props.me}
      t={t}
      doneText={w.done}
      onChanged={() => undefined}
      intro={<p class="form-intro">{w.intro}</p>}
    />
  );
}
