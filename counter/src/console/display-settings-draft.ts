import type { DisplaySettings, Language } from '@numerek/shared';
import { SPEECH_PATHS } from '@numerek/shared/speech';

/** The fields of a display's settings form, as typed. */
export interface DisplaySettingsDraft {
  languages: Language[];
  repeat: string;
  voice: DisplaySettings['voice'];
  sound: boolean;
  showWaiting: boolean;
  viewingDistanceM: string;
  screenInches: string;
}

export const ALL_LANGUAGES: readonly Language[] = ['pl', 'en', 'uk'];

export function draftOf(s: DisplaySettings): DisplaySettingsDraft {
  return {
    languages: [...s.languages],
    repeat: String(s.repeat),
    voice: s.voice,
    sound: s.sound,
    showWaiting: s.showWaiting,
    viewingDistanceM: String(s.viewingDistanceM),
    screenInches: String(s.screenInches),
  };
}

/** Ticks or unticks a language; a language ticked later is spoken after those already ticked. */
export function toggleLanguage(languages: readonly Language[], lang: Language, on: boolean): Language[] {
  const rest = languages.filter((l) => l !== lang);
  return on ? [...rest, lang] : rest;
}

const decimal = (v: string): number => {
  const s = v.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN;
};

/**
 * The settings to send, or which fields are wrong (keyed by field name, with the message key of
 * the console's words). Filters the form does not show (categories, counters) are kept as they were.
 */
export function settingsFrom(
  draft: DisplaySettingsDraft,
  current: DisplaySettings,
): { settings: DisplaySettings } | { errors: Partial<Record<keyof DisplaySettingsDraft, ErrorKey>> } {
  const errors: Partial<Record<keyof DisplaySettingsDraft, ErrorKey>> = {};
  const distance = decimal(draft.viewingDistanceM);
  const inches = decimal(draft.screenInches);
  if (draft.languages.length === 0) errors.languages = 'errLanguages';
  if (!(distance >= 1 && distance <= 50)) errors.viewingDistanceM = 'errDistance';
  if (!(inches >= 10 && inches <= 150)) errors.screenInches = 'errScreen';
  if (Object.keys(errors).length > 0) return { errors };
  return {
    settings: {
      ...current,
      languages: draft.languages,
      repeat: Math.min(5, Math.max(1, Number(draft.repeat) || 1)),
      voice: draft.voice,
      sound: draft.sound,
      showWaiting: draft.showWaiting,
      viewingDistanceM: distance,
      screenInches: inches,
    },
  };
}

export type ErrorKey = 'errLanguages' | 'errDistance' | 'errScreen';

/** A sample call for the "listen" button: a ticket code such as "A17" and a counter 1–999. */
export function previewQuery(lang: Language, code: string, counter: string): string | null {
  const c = code.trim().toUpperCase();
  const n = counter.trim();
  if (!/^[A-Z]{1,3}\d{1,4}$/.test(c) || !/^\d{1,3}$/.test(n) || Number(n) < 1) return null;
  return `${SPEECH_PATHS.preview}?${new URLSearchParams({ lang, number: c, counter: String(Number(n)) }).toString()}`;
}
