import { useEffect, useRef } from 'preact/hooks';
import { actionForKey, SHORTCUTS } from '../actions.ts';
import { fmt, type Strings } from '../i18n.ts';
import { Modal } from '../Modal.tsx';
import { DialogButtons } from './dialog-parts.tsx';

/**
 * "The client did not come" ends the visit, so one stray key must not do it: the shortcut (or
 * the button) asks first. The confirm button has the focus, so Enter confirms, and so does the
 * shortcut's key pressed again; Escape or Cancel keeps the client.
 */
export function NoShowDialog(props: {
  t: Strings;
  code: string;
  onClose: () => void;
  onConfirm: () => void;
}) {
  const { t } = props;
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    const again = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.altKey || e.metaKey || e.repeat || actionForKey(e.key) !== 'no-show') return;
      e.preventDefault();
      form.current?.requestSubmit();
    };
    document.addEventListener('keydown', again);
    return () => document.removeEventListener('keydown', again);
  }, []);
  return (
    <Modal
      title={fmt(t.noShowTitle, { code: props.code })}
      description={withKeys(t.noShowText)}
      onClose={props.onClose}
    >
      <form
        ref={form}
        class="form"
        data-dialog="no-show"
        onSubmit={(e) => {
          e.preventDefault();
          props.onConfirm();
        }}
      >
        <DialogButtons t={t} busy={false} confirmLabel={t.noShowConfirm} onClose={props.onClose} />
      </form>
    </Modal>
  );
}

/** The keys a sentence names, as on the keyboard in every language: `{enter}`, `{x}`, `{esc}`. */
const KEYS: Record<string, string> = { enter: 'Enter', x: SHORTCUTS['no-show'], esc: 'Esc' };

function withKeys(sentence: string) {
  return sentence.split(/\{(\w+)\}/).map((part, i) =>
    i % 2 === 1 ? (
      <kbd key={i} data-any-language>
        {KEYS[part] ?? part}
      </kbd>
    ) : (
      part
    ),
  );
}
