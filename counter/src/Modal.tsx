import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

/**
 * A modal dialog on the native <dialog>: the browser traps focus, makes the page behind inert and
 * closes on Escape; focus returns to where it was when the dialog closes.
 */
export function Modal(props: {
  title: string;
  /** A sentence under the title, read out with it when the dialog opens. */
  description?: ComponentChildren;
  onClose: () => void;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const before = document.activeElement;
    dialog?.showModal();
    return () => {
      dialog?.close();
      if (before instanceof HTMLElement && before.isConnected) before.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class="modal"
      aria-labelledby={titleId}
      aria-describedby={props.description === undefined ? undefined : descriptionId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.description !== undefined && <p id={descriptionId}>{props.description}</p>}
      {props.children}
    </dialog>
  );
}

/** A labelled form control with its error next to it (announced, and linked for screen readers). */
export function Field(props: {
  label: string;
  error?: string | null | undefined;
  hint?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ComponentChildren;
}) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy =
    [props.hint ? hintId : '', props.error ? errId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.hint && (
        <span class="hint" id={hintId}>
          {props.hint}
        </span>
      )}
      {props.children({ id, describedBy, invalid: !!props.error })}
      {props.error && (
        <span class="field-error" id={errId}>
          {props.error}
        </span>
      )}
    </div>
  );
}
