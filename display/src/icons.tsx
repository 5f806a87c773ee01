/**
 * Icons drawn as inline SVG in the text's colour. Emoji would depend on an emoji font, which a
 * Linux TV often lacks (the speaker then shows as an empty box); these draw the same everywhere.
 * They are decoration: the text beside them says what they mean.
 */
const svg = {
  class: 'icon',
  viewBox: '0 0 24 24',
  'aria-hidden': 'true',
  focusable: 'false',
} as const;

/** A loudspeaker crossed out: the sound is off. */
export function SoundOffIcon() {
  return (
    <svg {...svg} data-icon="sound-off">
      <path d="M2 9v6h4l6 5V4L6 9H2z" fill="currentColor" />
      <path
        d="M15.5 8.5l6 7m0-7l-6 7"
        fill="none"
        stroke="currentColor"
        stroke-width="2.4"
        stroke-linecap="round"
      />
    </svg>
  );
}

/** A warning triangle: something is wrong with the connection. */
export function WarningIcon() {
  return (
    <svg {...svg} data-icon="warning">
      <path
        d="M12 3L22 20H2L12 3z"
        fill="none"
        stroke="currentColor"
        stroke-width="2.4"
        stroke-linejoin="round"
      />
      <path d="M12 9.5v5" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round" />
      <circle cx="12" cy="17.3" r="1.2" fill="currentColor" />
    </svg>
  );
}
