import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Modal } from '../Modal.tsx';
import type { Strings } from '../i18n.ts';

/** Confirm and cancel, the same in every dialog of the panel. */
export function DialogButtons(props: {
  t: Strings;
  busy: boolean;
  /** What confirming does, where "confirm" says too little. */
  confirmLabel?: string;
  onClose: () => void;
}) {
  return (
    <div class="dialog-buttons">
      <button type="submit" class="btn primary" disabled={props.busy}>
        {props.busy ? props.t.working : (props.confirmLabel ?? props.t.confirm)}
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

/** A dialog of the panel: its form's fields, then the form's error line and confirm / cancel. */
export function DialogForm(props: {
  t: Strings;
  title: string;
  busy: boolean;
  error: string;
  noValidate?: boolean;
  onSubmit: (e: Event) => void;
  onClose: () => void;
  children: ComponentChildren;
}) {
  return (
    <Modal title={props.title} onClose={props.onClose}>
      <form onSubmit={props.onSubmit} class="form" noValidate={props.noValidate}>
        {props.children}
        <p class="error" role="alert">
          {props.error}
        </p>
        <DialogButtons t={props.t} busy={props.busy} onClose={props.onClose} />
      </form>
    </Modal>
  );
}
