import type { PauseReason } from '@numerek/shared';
import { useState } from 'preact/hooks';
import { PAUSE_REASON_LIST, type Strings } from '../i18n.ts';
import { DialogForm, useSubmit } from './dialog-parts.tsx';

/** Pausing the counter asks why (break, back office, end of day). */
export function PauseDialog(props: {
  t: Strings;
  onClose: () => void;
  onConfirm: (r: PauseReason) => Promise<string | null>;
}) {
  const { t } = props;
  const [reason, setReason] = useState<PauseReason>('break');
  const { busy, error, submit } = useSubmit(() => props.onConfirm(reason));
  return (
    <DialogForm
      t={t}
      title={t.pauseTitle}
      busy={busy}
      error={error}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <fieldset class="checks">
        <legend>{t.pauseReason}</legend>
        {PAUSE_REASON_LIST.map((r) => (
          <label key={r} class="check">
            <input
              type="radio"
              name="reason"
              value={r}
              checked={reason === r}
              onChange={() => setReason(r)}
            />
            <span>{t.pauseReasons[r]}</span>
          </label>
        ))}
      </fieldset>
    </DialogForm>
  );
}
