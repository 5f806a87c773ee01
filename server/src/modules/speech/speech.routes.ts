import {
  ErrorResponse,
  SPEECH_MEDIA_TYPE,
  SPEECH_PATHS,
  SPEECH_TEXT_PER_MINUTE,
  SpeechCallQuery,
  SpeechPreviewQuery,
  SpeechTextBody,
  announcementText,
  type Language,
} from '@numerek/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SUPERVISORS } from '../../http/actor.ts';
import type { App } from '../../http/types.ts';
import { AppError } from '../../lib/app-error.ts';
import type { Actor } from '../../actor.ts';
import type { SpeechService } from './speech.service.ts';

// A WAV, or 304 Not Modified; errors are the usual JSON body.
const responses = { '4xx': ErrorResponse };

/**
 * Answers a sentence as audio/wav with its ETag, or 304 when the caller already holds that tag:
 * the tag is known from the text alone, so a 304 renders nothing.
 */
async function sendSpeech(
  req: FastifyRequest,
  reply: FastifyReply,
  speech: SpeechService,
  language: Language,
  text: string,
): Promise<void> {
  const etag = speech.etagOf(language, text);
  void reply.header('etag', etag).header('cache-control', 'private, max-age=86400');
  if (matches(req.headers['if-none-match'], etag)) {
    void reply.status(304).send();
    return;
  }
  const { wav } = await speech.audio(language, text);
  void reply.header('content-type', SPEECH_MEDIA_TYPE).header('content-language', language).send(wav);
}

function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === etag || t === '*');
}

/**
 * The office whose calls the caller may hear: a paired display's, a staff member's, or any (null)
 * for a display without a token, which may show any office's hall. A token that is not valid is
 * refused as it is on the display's socket, and other devices are refused.
 */
function callerOffice(actor: Actor, sentToken: boolean): string | null {
  if (actor.kind === 'device') {
    if (actor.deviceKind !== 'display')
      throw new AppError('FORBIDDEN', `A ${actor.deviceKind} does not play the hall's calls.`);
    return actor.officeId;
  }
  if (actor.kind === 'user') return actor.officeId;
  if (actor.kind === 'central')
    throw new AppError('FORBIDDEN', 'The central administrator hears calls from an office’s console.');
  if (sentToken)
    throw new AppError(
      'UNAUTHENTICATED',
      actor.problem?.message ?? 'The display token is not valid; pair the display again.',
      actor.problem ? { reason: actor.problem.reason } : {},
    );
  return null;
}

/** Removes what a voice would read as noise: control characters and runs of spaces. */
function cleanText(text: string): string {
  return text
    .replace(/\p{Cc}+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function speechRoutes(app: App, speech: SpeechService): void {
  const tags = ['speech'];
  app.get(
    SPEECH_PATHS.call,
    {
      config: { access: ['public'] },
      schema: {
        tags,
        summary: 'The audio (audio/wav) of a call a hall display received',
        description:
          '`ticket` is the call’s `key` from `ticket:called` / `ticket:recalled`. The server renders the sentence when the call is made, for the languages of the displays that show it, so it is usually ready when asked. A display without a token may ask (it may show any office); with one, it must be a display’s token of the call’s office. ETag and `If-None-Match` give 304. 404 NOT_FOUND for a key of no recent call (in a central installation, a key this server has not heard of yet waits up to 1.5 s for its call, which another node may have made a moment before).',
        querystring: SpeechCallQuery,
        security: [{}, { deviceToken: [] }],
        response: responses,
      },
    },
    async (req, reply) => {
      const office = callerOffice(req.actor, Boolean(req.headers.authorization));
      const text = await speech.callTextSoon(req.query.ticket, req.query.lang, office);
      await sendSpeech(req, reply, speech, req.query.lang, text);
    },
  );
  app.get(
    SPEECH_PATHS.preview,
    {
      config: { access: SUPERVISORS },
      schema: {
        tags,
        summary: 'How the hall would hear a call (audio/wav): the console’s “listen” button',
        description:
          'The sentence `announcementText` makes for the ticket code `number` at counter `counter` (with `counterName` when given) in `lang`, rendered as the hall hears it.',
        querystring: SpeechPreviewQuery,
        security: [{ session: [] }],
        response: responses,
      },
    },
    async (req, reply) => {
      const { lang, number, counter, counterName } = req.query;
      const text = announcementText(
        { code: number, counter: { number: counter, name: counterName ?? '' } },
        lang,
      );
      await sendSpeech(req, reply, speech, lang, text);
    },
  );
  app.post(
    SPEECH_PATHS.text,
    {
      config: {
        access: ['kiosk', 'feedback'],
        rateLimit: {
          max: SPEECH_TEXT_PER_MINUTE,
          timeWindow: 60_000,
          hook: 'preHandler',
          keyGenerator: (req) =>
            req.actor.kind === 'device' ? `speech:${req.actor.id}` : `speech-ip:${req.ip}`,
        },
      },
      schema: {
        tags,
        summary: 'A text on a kiosk’s or feedback tablet’s screen, read aloud (audio/wav)',
        description: `For the read-aloud mode. At most ${SPEECH_TEXT_PER_MINUTE} texts a minute per device (then 429 RATE_LIMITED).`,
        body: SpeechTextBody,
        security: [{ deviceToken: [] }],
        response: responses,
      },
    },
    async (req, reply) => {
      const text = cleanText(req.body.text);
      if (!text) throw new AppError('VALIDATION_FAILED', 'The text has nothing to read.', { field: 'text' });
      await sendSpeech(req, reply, speech, req.body.lang, text);
    },
  );
}
