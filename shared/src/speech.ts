/**
 * Where and how the apps fetch the speech the server renders (decision 0031). Apart from the
 * schemas (schemas/speech.schema.ts), so that the display's and kiosk's pages use them without
 * bundling a validator.
 */

/** Where the apps fetch speech. */
export const SPEECH_PATHS = {
  /** `GET`: the sentence of a call a display just received. */
  call: '/api/speech/call',
  /** `GET`: any announcement, for the console's "listen" button (supervisors). */
  preview: '/api/speech/preview',
  /** `POST`: a text read aloud on a kiosk or feedback tablet. */
  text: '/api/speech/text',
} as const;

/** The longest text `POST /api/speech/text` reads, in characters. */
export const SPEECH_TEXT_MAX = 300;

/** How many texts one kiosk or feedback tablet may have read per minute. */
export const SPEECH_TEXT_PER_MINUTE = 30;

/** The media type of every speech answer. */
export const SPEECH_MEDIA_TYPE = 'audio/wav';
