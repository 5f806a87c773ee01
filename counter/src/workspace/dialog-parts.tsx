import { useState } from 'preact/hooks';
import type { Strings } from '../i18n.ts';

/** Confirm and cancel, the same in every dialog of the panel. */
export function DialogButtons(props: { t: Strings; busy: boolean; onClose: () => void }) {
  return (
    <div class="dialog-buttons">
      <button type="submit" class="btn primary" disabled={props.busy}>
        {props.busy ? props.t.working : props.t.confirm}
      </button>
      <button type="button" class="btn" onClick={props.onClose}>
        {props.t.cancel}
      </button>
    </div>
  );
}

/** Submits a dialog's form: null from `onSubmit` means the form itself found a problem. */
export function useSubmit(onSubmit: () => Promise<string | null> | null) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async (e: Event) => {
    e.preventDefault();
    const p = onSubmit();
    if (!p) return;
    setBusy(true);
    const err = await p;
    setBusy(false);
    setError(err ?? '');
  };
  return { busy, error, submit };
}
