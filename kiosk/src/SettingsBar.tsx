import type { Language } from '@numerek/shared';
import { KIOSK_LANGUAGES, STRINGS } from './i18n.ts';
import { Pictogram, type PictogramKey } from './Pictogram.tsx';

export interface Modes {
  highContrast: boolean;
  largeText: boolean;
  speech: boolean;
}

interface ToggleProps {
  pressed: boolean;
  icon: PictogramKey;
  label: string;
  onToggle: () => void;
}

/** A mode switch: when on, it is filled and ticked, so colour is not the only cue (K5). */
function Toggle({ pressed, icon, label, onToggle }: ToggleProps) {
  return (
    <button type="button" class="tool" aria-pressed={pressed} onClick={onToggle}>
      <Pictogram name={icon} class="tool-icon" />
      <span>
        {label}
        <span aria-hidden="true">{pressed ? ' ✓' : ''}</span>
      </span>
    </button>
  );
}

interface SettingsBarProps {
  lang: Language;
  modes: Modes;
  showLanguages: boolean;
  onLanguage: (lang: Language) => void;
  onModes: (modes: Modes) => void;
  onRepeat: () => void;
  onStop: () => void;
}

/** Language and display modes, on every screen, low on the screen within reach (K4, K6, K8, K10). */
export function SettingsBar({
  lang,
  modes,
  showLanguages,
  onLanguage,
  onModes,
  onRepeat,
  onStop,
}: SettingsBarProps) {
  const t = STRINGS[lang];
  return (
    <div class="settings">
      {showLanguages && (
        <div class="group" role="group" aria-label={t.languageLabel}>
          {KIOSK_LANGUAGES.map((l) => (
            <button
              type="button"
              key={l}
              class="tool lang-button"
              lang={l}
              aria-pressed={l === lang}
              onClick={() => onLanguage(l)}
            >
              {STRINGS[l].languageName}
              <span aria-hidden="true">{l === lang ? ' ✓' : ''}</span>
            </button>
          ))}
        </div>
      )}
      <div class="group" role="group" aria-label={t.settings}>
        <Toggle
          pressed={modes.highContrast}
          icon="contrast"
          label={t.highContrast}
          onToggle={() => onModes({ ...modes, highContrast: !modes.highContrast })}
        />
        <Toggle
          pressed={modes.largeText}
          icon="text"
          label={t.largeText}
          onToggle={() => onModes({ ...modes, largeText: !modes.largeText })}
        />
        <Toggle
          pressed={modes.speech}
          icon="speaker"
          label={t.readAloud}
          onToggle={() => onModes({ ...modes, speech: !modes.speech })}
        />
        {modes.speech && (
          <>
            <button type="button" class="tool" onClick={onRepeat}>
              {t.repeat}
            </button>
            <button type="button" class="tool" onClick={onStop}>
              {t.stopSpeaking}
            </button>
          </>
        )}
      </div>
    </div>
  );
}
