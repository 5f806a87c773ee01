import { useEffect, useRef } from 'preact/hooks';
import { actionForKey, type ActionKey } from '../actions.ts';

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName));

/**
 * The panel's single-letter shortcuts: a letter pressed anywhere but in a field (and with no
 * dialog open) triggers its action. The handler may change on every render.
 */
export function useShortcuts(enabled: boolean, onAction: (action: ActionKey) => void): void {
  const current = useRef<(e: KeyboardEvent) => void>(() => undefined);
  current.current = (e: KeyboardEvent) => {
    if (!enabled || e.ctrlKey || e.altKey || e.metaKey || e.repeat || isTyping(e.target)) return;
    const action = actionForKey(e.key);
    if (!action) return;
    e.preventDefault();
    onAction(action);
  };
  useEffect(() => {
    const h = (e: KeyboardEvent) => current.current(e);
    document.addEventListener('keydown', h);
    return () => document.removeEventListener('keydown', h);
  }, []);
}
