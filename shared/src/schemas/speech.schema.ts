import { Type, type Static } from 'typebox';
import { SPEECH_TEXT_MAX } from '../speech.ts';
import { LanguageSchema } from './common.schema.ts';

/**
 * Speech the server renders (docs/decisions/0031-speech-rendered-by-the-server.md): every route
 * answers `audio/wav` (RIFF, 16-bit mono PCM) with an ETag, and 304 to a request that names it in
 * `If-None-Match`. The sentence of a call comes from `announcementText` (announcement.ts).
 */

/**
 * `GET /api/speech/call?ticket=<key>&lang=pl`: `ticket` is the call's `key` exactly as the display
 * received it in `ticket:called` / `ticket:recalled` (never a ticket's id, which a display never
 * sees). Answers 404 NOT_FOUND for a key of no recent call on this server.
 */
export const SpeechCallQuery = Type.Object(
  {
    ticket: Type.String({
      minLength: 1,
      maxLength: 64,
      pattern: '^[A-Za-z0-9_-]+$',
      description: 'ticket: the key of the call as the display received it',
    }),
    lang: LanguageSchema,
  },
  { additionalProperties: false },
);
export type SpeechCallQuery = Static<typeof SpeechCallQuery>;

/** `GET /api/speech/preview?lang=pl&number=A017&counter=5`: how the hall would hear a call. */
export const SpeechPreviewQuery = Type.Object(
  {
    lang: LanguageSchema,
    number: Type.String({
      minLength: 1,
      maxLength: 12,
      pattern: '^[A-Za-z]{0,4}[0-9]{1,4}$',
      description: 'number: a ticket code, up to 4 letters then 1 to 4 digits (A017)',
    }),
    counter: Type.Integer({
      minimum: 1,
      maximum: 999,
      description: 'counter: a counter number from 1 to 999',
    }),
    counterName: Type.Optional(
      Type.String({ maxLength: 120, description: 'counterName: the counter’s name, up to 120 characters' }),
    ),
  },
  { additionalProperties: false },
);
export type SpeechPreviewQuery = Static<typeof SpeechPreviewQuery>;

/** `POST /api/speech/text`: a text on a kiosk's or feedback tablet's screen, read aloud. */
export const SpeechTextBody = Type.Object(
  {
    lang: LanguageSchema,
    text: Type.String({
      minLength: 1,
      maxLength: SPEECH_TEXT_MAX,
      description: `text: 1 to ${SPEECH_TEXT_MAX} characters`,
    }),
  },
  { additionalProperties: false },
);
export type SpeechTextBody = Static<typeof SpeechTextBody>;
