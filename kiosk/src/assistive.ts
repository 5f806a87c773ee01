import type { Language } from '@numerek/shared';
import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { STRINGS, fill } from './i18n.ts';
import { printText, type KioskState, type Screen } from './model.ts';
import type { Modes } from './SettingsBar.tsx';
import { speak, stopSpeaking } from './speech.ts';

export interface AssistiveInput {
  screen: Screen;
  state: KioskState;
  lang: Language;
  modes: Modes;
  /** What the screen says aloud (K6). */
  speechText: string;
  /** The inactivity warning, while it shows, and its seconds left. */
  warning: boolean;
  remaining: number;
  heading: RefObject<HTMLHeadingElement | null>;
  main: RefObject<HTMLElement | null>;
}

/**
 * What makes the kiosk usable without sight, with low vision or with a keypad or a switch: the
 * page's language, large text, focus on each new screen's heading, reading aloud, and arrow keys.
 */
export function useAssistive(input: AssistiveInput): void {
  const { screen, state, lang, modes, speechText, warning, remaining, heading, main } = input;

  // The page's language follows the choice (K8); the start screen is in all three.
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `Numerek – ${STRINGS[lang].title}`;
  }, [lang]);
  // rem units follow the root, so the large-text mode doubles every text at once (K4).
  useEffect(() => {
    document.documentElement.classList.toggle('large-text', modes.largeText);
  }, [modes.largeText]);

  // Each new screen starts at its top, with focus on its heading for keyboard and switch users (K9).
  useEffect(() => {
    main.current?.scrollTo(0, 0);
    heading.current?.focus({ preventScroll: true });
  }, [screen]);

  // Read aloud (K6): each screen as it appears, and again in a newly chosen language.
  useEffect(() => {
    if (modes.speech) speak(speechText, lang);
    // Deliberately not on every refresh of the categories: only a new screen, language or ticket.
  }, [modes.speech, screen, lang, state.ticket?.id]);
  // The print's outcome, known after the ticket was shown, is spoken once the ticket has been read.
  const printState = screen === 'ticket' ? state.ticket?.print.state : undefined;
  const spokenPrintState = useRef(printState);
  useEffect(() => {
    const before = spokenPrintState.current;
    spokenPrintState.current = printState;
    if (modes.speech && before === 'pending' && printState !== 'pending' && state.ticket)
      speak(printText(state.ticket, lang), lang, true);
  }, [printState]);
  useEffect(() => {
    if (!modes.speech) stopSpeaking();
  }, [modes.speech]);
  useEffect(() => {
    if (warning && modes.speech) {
      const t = STRINGS[lang];
      speak(`${t.timeoutTitle} ${fill(t.timeoutText, { s: remaining })} ${t.continue}.`, lang);
    }
  }, [warning]);

  // With read-aloud on, a control is spoken as it gets focus, so keypad and switch users hear
  // each choice as they move to it (K6, K9).
  useEffect(() => {
    if (!modes.speech) return;
    const onFocus = (e: FocusEvent) => {
      const el = e.target;
      if (el instanceof HTMLButtonElement && el.matches(':focus-visible')) speak(el.innerText, lang);
    };
    document.addEventListener('focusin', onFocus);
    return () => document.removeEventListener('focusin', onFocus);
  }, [modes.speech, lang]);

  // Arrow keys move between controls like Tab (a keypad or a switch may have no Tab key).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const forward = e.key === 'ArrowDown' || e.key === 'ArrowRight';
      const backward = e.key === 'ArrowUp' || e.key === 'ArrowLeft';
      if (!forward && !backward) return;
      const scope = document.querySelector('[role="alertdialog"]') ?? document;
      const items = [...scope.querySelectorAll<HTMLElement>('button, [href]')];
      if (items.length === 0) return;
      const index = items.indexOf(document.activeElement as HTMLElement);
      const next = forward ? (index + 1) % items.length : (index <= 0 ? items.length : index) - 1;
      items[next]?.focus();
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
