import { Type, type Static } from 'typebox';
import { ERROR_CODES, type ErrorCode } from '../errors.ts';
import { IDEMPOTENCY_KEY_HEADER, LANGUAGES } from '../constants.ts';
import { TEXT_LIMITS } from '../text-limits.ts';

/** An opaque identifier: random, URL-safe, never a visible ticket code. */
export const Id = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'an id made of letters, digits, "-" and "_"',
});

export const IdParams = Type.Object({ id: Id }, { additionalProperties: false });
export type IdParams = Static<typeof IdParams>;

export const LanguageSchema = Type.Enum(LANGUAGES, { description: 'one of pl, en, uk' });

const Name = (what: string) =>
  Type.String({
    minLength: 1,
    maxLength: TEXT_LIMITS.name,
    description: `${what}: 1 to ${TEXT_LIMITS.name} characters`,
  });

/** Names in the three interface languages; Polish is required, the others fall back to it. */
export const I18nNames = Type.Object(
  {
    pl: Name('Polish name'),
    en: Type.Optional(Name('English name')),
    uk: Type.Optional(Name('Ukrainian name')),
  },
  { additionalProperties: false },
);
export type I18nNames = Static<typeof I18nNames>;

const Text = (what: string) =>
  Type.String({
    maxLength: TEXT_LIMITS.text,
    description: `${what}: at most ${TEXT_LIMITS.text} characters`,
  });

/** Longer optional texts (descriptions) in the three languages. */
export const I18nTexts = Type.Object(
  {
    pl: Type.Optional(Text('Polish text')),
    en: Type.Optional(Text('English text')),
    uk: Type.Optional(Text('Ukrainian text')),
  },
  { additionalProperties: false },
);
export type I18nTexts = Static<typeof I18nTexts>;

export const Timestamp = Type.String({ format: 'date-time', description: 'an ISO 8601 date and time' });

export const ErrorParamsSchema = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]));

export const ErrorCodeSchema = Type.Enum(Object.keys(ERROR_CODES) as ErrorCode[]);

/**
 * `{ error: { code, message, params } }`: the body of every 4xx. `message` is English, for
 * integrators and logs; apps never show it. They turn `code` and `params` into a sentence in the
 * reader's language.
 */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: ErrorCodeSchema,
    message: Type.String(),
    params: Type.Optional(ErrorParamsSchema),
  }),
});

/**
 * The optional `Idempotency-Key` of an action: fresh for every press of a button, the same on
 * every retry of that press. A retry with the same key and body gets the first answer again
 * (with `Idempotent-Replayed: true`) and does nothing twice. Keys are kept for 24 hours.
 */
export const IdempotencyHeaders = Type.Object({
  [IDEMPOTENCY_KEY_HEADER]: Type.Optional(
    Type.String({
      minLength: 8,
      maxLength: 128,
      pattern: '^[\\x21-\\x7E]+$',
      description:
        'a key of 8 to 128 visible ASCII characters without spaces, new for each action and the same on its retries',
    }),
  ),
});
export type IdempotencyHeaders = Static<typeof IdempotencyHeaders>;

export const OkResponse = Type.Object({ ok: Type.Literal(true) });

/** An estimated wait as a range of whole minutes. */
export const WaitRange = Type.Object({
  minMinutes: Type.Integer({ minimum: 0 }),
  maxMinutes: Type.Integer({ minimum: 0 }),
});
export type WaitRange = Static<typeof WaitRange>;

export const HealthResponse = Type.Object({ status: Type.Literal('ok') });
/** `GET /api/ready`: this server process reaches its database and may take requests. */
export const ReadyResponse = Type.Object({ status: Type.Literal('ready') });
