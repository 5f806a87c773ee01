import type { IssuedTicket } from '@numerek/shared';
import { useEffect, useRef, useState } from 'preact/hooks';
import { idleSeconds, warningSeconds, type Screen } from './model.ts';

export interface Inactivity {
  /** Whether the "are you still there?" warning shows. */
  warning: boolean;
  /** Seconds left before the kiosk goes back to the start. */
  remaining: number;
  /** The client answered the warning (or touched the screen): the time starts again. */
  restart: () => void;
}

/**
 * Inactivity (K7): any touch or key counts as activity, and a new screen starts the time again.
 * While the warning shows, its own click answers it, so the dialog does not vanish under a finger
 * between press and release. When the warning runs out, `reset` goes back to the start.
 */
export function useInactivity(
  screen: Screen,
  speech: boolean,
  ticket: IssuedTicket | null,
  reset: () => void,
): Inactivity {
  const [idleSince, setIdleSince] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const warningShown = useRef(false);
  useEffect(() => {
    const active = () => {
      if (!warningShown.current) setIdleSince(Date.now());
    };
    window.addEventListener('pointerdown', active, true);
    window.addEventListener('keydown', active, true);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    return () => {
      window.removeEventListener('pointerdown', active, true);
      window.removeEventListener('keydown', active, true);
      clearInterval(tick);
    };
  }, []);
  useEffect(() => setIdleSince(Date.now()), [screen]);
  const idle = idleSeconds(screen, speech, ticket);
  const elapsed = (now - idleSince) / 1000;
  const warnFor = warningSeconds(speech);
  const warning = idle !== null && elapsed >= idle;
  warningShown.current = warning;
  const remaining = idle === null ? warnFor : Math.max(0, Math.ceil(idle + warnFor - elapsed));
  useEffect(() => {
    if (warning && remaining <= 0) reset();
  }, [warning, remaining, reset]);
  return { warning, remaining, restart: () => setIdleSince(Date.now()) };
}
