import { Type, type Static } from 'typebox';
import { Id, I18nNames, I18nTexts, WaitRange } from './common.schema.ts';

const Clock = (what: string) =>
  Type.String({
    pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$',
    description: `${what}: a time HH:MM from 00:00 to 24:00`,
  });

/** One opening interval on one weekday (1 = Monday … 7 = Sunday), in the office's time zone. */
export const OpeningInterval = Type.Object(
  {
    day: Type.Integer({ minimum: 1, maximum: 7, description: 'weekday: 1 = Monday … 7 = Sunday' }),
    open: Clock('opening time'),
    close: Clock('closing time'),
  },
  { additionalProperties: false },
);
export type OpeningInterval = Static<typeof OpeningInterval>;

/** Weekly hours; `null` means no fixed hours (always open), an empty list no hours (never open). */
export const OpeningHours = Type.Union([Type.Array(OpeningInterval, { maxItems: 50 }), Type.Null()]);
export type OpeningHours = Static<typeof OpeningHours>;

export const Prefix = Type.String({
  pattern: '^[A-Z]{1,3}$',
  description: 'prefix: 1 to 3 capital letters A–Z, e.g. "A" or "RD"',
});

const CategoryFields = {
  prefix: Prefix,
  names: I18nNames,
  descriptions: Type.Optional(I18nTexts),
  active: Type.Optional(Type.Boolean()),
  displayOrder: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 10000, description: 'display order: 0 to 10000' }),
  ),
  pictogram: Type.Optional(
    Type.Union([
      Type.String({
        maxLength: 64,
        pattern: '^[a-z0-9-]+$',
        description: 'pictogram key: lower-case letters, digits and "-"',
      }),
      Type.Null(),
    ]),
  ),
  openingHours: Type.Optional(OpeningHours),
  dailyLimit: Type.Optional(
    Type.Union([
      Type.Integer({
        minimum: 1,
        maximum: 9999,
        description: 'daily ticket limit: 1 to 9999, or null for none',
      }),
      Type.Null(),
    ]),
  ),
  maxWaitMinutes: Type.Optional(
    Type.Union([
      Type.Integer({
        minimum: 1,
        maximum: 1440,
        description: 'maximum wait in minutes: 1 to 1440, or null for none',
      }),
      Type.Null(),
    ]),
  ),
  stopIssuingNearClosing: Type.Optional(Type.Boolean()),
};

export const CategoryCreate = Type.Object(CategoryFields, { additionalProperties: false });
export type CategoryCreate = Static<typeof CategoryCreate>;

export const CategoryPatch = Type.Partial(Type.Object(CategoryFields), {
  additionalProperties: false,
  minProperties: 1,
});
export type CategoryPatch = Static<typeof CategoryPatch>;

/** A category as the supervisor edits it. */
export const Category = Type.Object({
  id: Id,
  officeId: Id,
  prefix: Type.String(),
  names: I18nNames,
  descriptions: I18nTexts,
  active: Type.Boolean(),
  displayOrder: Type.Integer(),
  pictogram: Type.Union([Type.String(), Type.Null()]),
  openingHours: OpeningHours,
  dailyLimit: Type.Union([Type.Integer(), Type.Null()]),
  maxWaitMinutes: Type.Union([Type.Integer(), Type.Null()]),
  stopIssuingNearClosing: Type.Boolean(),
});
export type Category = Static<typeof Category>;

/**
 * Why a kiosk may or may not issue a ticket in a category right now: `closed` outside its opening
 * hours, `no_counter` while no active counter is set up to serve it (nobody could call the ticket).
 */
export const CategoryStatus = Type.Union([
  Type.Literal('open'),
  Type.Literal('closed'),
  Type.Literal('no_counter'),
  Type.Literal('limit_reached'),
  Type.Literal('closing'),
]);
export type CategoryStatus = Static<typeof CategoryStatus>;

/** A category as the kiosk and the public see it. */
export const PublicCategory = Type.Object({
  id: Id,
  prefix: Type.String(),
  names: I18nNames,
  descriptions: I18nTexts,
  pictogram: Type.Union([Type.String(), Type.Null()]),
  displayOrder: Type.Integer(),
  open: Type.Boolean(),
  status: CategoryStatus,
  openingHours: OpeningHours,
  waiting: Type.Integer(),
  estimatedWait: WaitRange,
  /**
   * True when no counter serving the category is open now, nor paused for a while (none opened
   * yet today, or all closed or paused for the end of the day): a ticket may still be taken, but
   * its wait cannot be told, so the kiosk's tile says that nobody serves the matter now.
   */
  nobodyServing: Type.Boolean({
    description: 'true when no open counter, nor one paused for a while, serves the category now',
  }),
  /**
   * True when the category takes bookings (its booking settings are enabled): the public booking
   * page asks for the days of these categories only, as any other's answer would be a refusal.
   */
  bookable: Type.Boolean({ description: 'true when the category takes bookings' }),
});
export type PublicCategory = Static<typeof PublicCategory>;

export const PublicCategoriesQuery = Type.Object(
  { officeId: Type.Optional(Id) },
  { additionalProperties: false },
);

/**
 * One category in the public queue status for an office's website, in the spirit of the
 * open-data feed Warsaw publishes for its district offices (literaGrupy, nazwaGrupy,
 * aktualnyNumer, liczbaKlwKolejce, liczbaCzynnychStan, czasObslugi).
 */
export const QueueStatusEntry = Type.Object({
  categoryId: Id,
  /** literaGrupy */
  letter: Type.String(),
  /** nazwaGrupy, in the three languages */
  names: I18nNames,
  /** aktualnyNumer: the code last called today, or null */
  currentNumber: Type.Union([Type.String(), Type.Null()]),
  /** liczbaKlwKolejce */
  waiting: Type.Integer({ minimum: 0 }),
  /** liczbaCzynnychStan: counters open now serving the category */
  openCounters: Type.Integer({ minimum: 0 }),
  /** czasObslugi: rolling mean service time in minutes, or null before the first service */
  meanServiceMinutes: Type.Union([Type.Number(), Type.Null()]),
  /** Within the category's opening hours now, and an active counter is set up to serve it. */
  open: Type.Boolean(),
});
export type QueueStatusEntry = Static<typeof QueueStatusEntry>;

export const QueueStatus = Type.Object({
  office: Type.Object({ id: Id, name: Type.String() }),
  generatedAt: Type.String({ format: 'date-time' }),
  categories: Type.Array(QueueStatusEntry),
});
export type QueueStatus = Static<typeof QueueStatus>;

/**
 * One category in `GET /api/admin/queue/waiting` (the console's dashboard): who waits now and
 * how long the longest of them has waited, both over the same tickets.
 */
export const CategoryWaitNow = Type.Object({
  categoryId: Id,
  /** Tickets waiting now, those transferred to one counter included. */
  waiting: Type.Integer({ minimum: 0 }),
  /**
   * Minutes (one decimal) the longest-waiting of them has waited, counted as the clerk's panel
   * counts: from joining the queue, a booked ticket from its slot's start (0 while that is still
   * ahead). Null exactly when nobody waits.
   */
  longestWaitMinutes: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
});
export type CategoryWaitNow = Static<typeof CategoryWaitNow>;
