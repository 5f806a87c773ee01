import { SHORTCUTS, actionLabel, type ActionKey } from '../actions.ts';
import type { Strings } from '../i18n.ts';

/** One clerk action with its shortcut letter; `small` is the compact toolbar's short label. */
export function ActionButton(props: {
  t: Strings;
  action: ActionKey;
  paused: boolean;
  disabled: boolean;
  small?: boolean;
  onTrigger: (action: ActionKey) => void;
}) {
  const { t, action, paused, small = false } = props;
  return (
    <button
      type="button"
      class={`btn action ${action === 'next' ? 'primary' : ''} ${small ? 'small' : ''}`}
      data-action={action}
      aria-keyshortcuts={SHORTCUTS[action]}
      disabled={props.disabled}
      onClick={() => props.onTrigger(action)}
      title={small ? actionLabel(t, action, paused) : undefined}
    >
      <kbd>{SHORTCUTS[action]}</kbd> <span>{actionLabel(t, action, paused, small)}</span>
    </button>
  );
}
