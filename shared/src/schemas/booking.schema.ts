import { Type, type Static } from 'typebox';
import {
  BOOKING_SETTING_LIMITS,
  BOOKING_SOURCES,
  BOOKING_STATUSES,
  type BookingNumberSetting,
} from '../booking.ts';
import { I18nNames, Id, LanguageSchema, Timestamp } from './common.schema.ts';
import { IssueTicketBody } from './ticket.schema.ts';

/**
 * Bookings (docs/decisions/0033-bookings.md): a client books a slot of a category, checks in at the
 * kiosk with a 6-digit code, and waits from the slot's time beside the walk-ins. No PESEL, no name:
 * at most an e-mail address or a phone number to reach the client.
 */

const Day = Type.String({
  pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
  description: 'a day YYYY-MM-DD in the office’s time zone',
});

const Whole = (field: BookingNumberSetting, what: string) => {
  const [min, max] = BOOKING_SETTING_LIMITS[field];
  return Type.Integer({ minimum: min, maximum: max, description: `${what}: ${min} to ${max}` });
};

/** How a category takes bookings; a category that was never set up takes none (`enabled: false`). */
export const BookingSettings = Type.Object({
  categoryId: Id,
  enabled: Type.Boolean(),
  /** Length of a slot in minutes; slots lie inside the category's opening hours. */
  slotMinutes: Type.Integer(),
  /** Clients booked into one slot at most. */
  perSlot: Type.Integer(),
  /** The first bookable day, in days from today (1: the next day). */
  daysFrom: Type.Integer(),
  /** The last bookable day, in days from today. */
  daysAhead: Type.Integer(),
  /** Share of the slots, in percent, that stay for walk-ins (spread evenly over the day). */
  walkInPercent: Type.Integer(),
  /** A booked ticket's weight, from its slot time on (a walk-in's is 1). */
  weight: Type.Integer(),
  /** Minutes after its slot by which a booked ticket is called before the other rules. */
  maxWaitMinutes: Type.Integer(),
  /** The kiosk checks a booking in from this many minutes before its slot … */
  checkInBeforeMinutes: Type.Integer(),
  /** … to this many minutes after it; a booking not checked in by then is a no-show. */
  checkInAfterMinutes: Type.Integer(),
  /** The public booking asks for an e-mail address or a phone number. */
  contactRequired: Type.Boolean(),
});
export type BookingSettings = Static<typeof BookingSettings>;

export const BookingSettingsPatch = Type.Object(
  {
    enabled: Type.Optional(Type.Boolean({ description: 'enabled: true or false' })),
    slotMinutes: Type.Optional(Whole('slotMinutes', 'slot length in minutes')),
    perSlot: Type.Optional(Whole('perSlot', 'clients per slot')),
    daysFrom: Type.Optional(Whole('daysFrom', 'first bookable day from today')),
    daysAhead: Type.Optional(Whole('daysAhead', 'last bookable day from today')),
    walkInPercent: Type.Optional(Whole('walkInPercent', 'share of slots kept for walk-ins, in percent')),
    weight: Type.Optional(Whole('weight', 'weight of a booked ticket')),
    maxWaitMinutes: Type.Optional(Whole('maxWaitMinutes', 'maximum wait after the slot in minutes')),
    checkInBeforeMinutes: Type.Optional(
      Whole('checkInBeforeMinutes', 'check-in opens, minutes before the slot'),
    ),
    checkInAfterMinutes: Type.Optional(
      Whole('checkInAfterMinutes', 'check-in closes, minutes after the slot'),
    ),
    contactRequired: Type.Optional(Type.Boolean({ description: 'contactRequired: true or false' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type BookingSettingsPatch = Static<typeof BookingSettingsPatch>;

export const BookingCategoryQuery = Type.Object({ categoryId: Id }, { additionalProperties: false });
export type BookingCategoryQuery = Static<typeof BookingCategoryQuery>;

export const BookingSlotsQuery = Type.Object({ categoryId: Id, day: Day }, { additionalProperties: false });
export type BookingSlotsQuery = Static<typeof BookingSlotsQuery>;

/** A day that can still be booked, and how many places are free on it. */
export const BookingDay = Type.Object({ day: Day, free: Type.Integer({ minimum: 0 }) });
export type BookingDay = Static<typeof BookingDay>;

/** A slot of a day: its start, local and absolute, and its free places. */
export const BookingSlot = Type.Object({
  at: Timestamp,
  /** HH:MM in the office's time zone. */
  time: Type.String(),
  free: Type.Integer({ minimum: 0 }),
});
export type BookingSlot = Static<typeof BookingSlot>;

export const BookingSlots = Type.Object({ categoryId: Id, day: Day, slots: Type.Array(BookingSlot) });
export type BookingSlots = Static<typeof BookingSlots>;

const Contact = Type.String({
  minLength: 5,
  maxLength: 120,
  pattern: '^(\\+?[0-9][0-9 -]{7,18}[0-9]|[^@\\s]+@[^@\\s]+\\.[^@\\s]+)$',
  description: 'contact: an e-mail address or a phone number (9 to 15 digits, spaces allowed)',
});

/** `POST /api/bookings`: a client books a slot. */
export const BookingCreate = Type.Object(
  {
    categoryId: Id,
    at: Type.String({ format: 'date-time', description: 'at: the slot’s start, as listed' }),
    contact: Type.Optional(Contact),
    language: Type.Optional(LanguageSchema),
  },
  { additionalProperties: false },
);
export type BookingCreate = Static<typeof BookingCreate>;

export const BookingStatusSchema = Type.Enum(BOOKING_STATUSES);

/** What the holder and the office's staff both see of a booking. */
const BookingFields = {
  id: Id,
  /** The 6 digits the client types at the kiosk. */
  code: Type.String({ pattern: '^[0-9]{6}$' }),
  categoryId: Id,
  day: Day,
  at: Timestamp,
  /** The slot's start, HH:MM in the office's time zone. */
  time: Type.String(),
  slotMinutes: Type.Integer(),
  status: BookingStatusSchema,
  language: LanguageSchema,
  /** The page to see or cancel the booking. */
  manageUrl: Type.String(),
};

/** A booking as its holder sees it (the link `manageUrl` holds its id, which is the key to it). */
export const Booking = Type.Object({
  ...BookingFields,
  /** The matter booked (the category's names), for the holder's page in their language. */
  categoryNames: I18nNames,
});
export type Booking = Static<typeof Booking>;

/** A booking as the office's staff and its portal see it (they know the categories by id). */
export const StaffBooking = Type.Object({
  ...BookingFields,
  source: Type.Enum(BOOKING_SOURCES),
  portalId: Type.Union([Type.String(), Type.Null()]),
  contact: Type.Union([Type.String(), Type.Null()]),
  checkedInAt: Type.Union([Timestamp, Type.Null()]),
  ticketId: Type.Union([Id, Type.Null()]),
  updatedAt: Timestamp,
});
export type StaffBooking = Static<typeof StaffBooking>;

export const BookingDayQuery = Type.Object(
  { day: Day, categoryId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type BookingDayQuery = Static<typeof BookingDayQuery>;

/** A slot of a day as the supervisor sees it: places, and how many are booked. */
export const BookedSlot = Type.Object({
  categoryId: Id,
  at: Timestamp,
  time: Type.String(),
  /** Places of the slot for bookings (0 for a slot kept for walk-ins). */
  places: Type.Integer({ minimum: 0 }),
  booked: Type.Integer({ minimum: 0 }),
});

/** `GET /api/admin/bookings`: a day's slots and bookings. */
export const BookingDayPlan = Type.Object({
  day: Day,
  slots: Type.Array(BookedSlot),
  bookings: Type.Array(StaffBooking),
});
export type BookingDayPlan = Static<typeof BookingDayPlan>;

export const PortalIdParams = Type.Object(
  {
    portalId: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: '^[A-Za-z0-9._:-]+$',
      description: 'portalId: the portal’s own id, letters, digits and . _ : -',
    }),
  },
  { additionalProperties: false },
);
export type PortalIdParams = Static<typeof PortalIdParams>;

/**
 * `POST /api/admin/bookings/calendar/:id/feed`: a category's secret calendar feed address, which a
 * calendar application reads without a session. Shown once; making a new one ends the old one.
 */
export const BookingFeed = Type.Object({ categoryId: Type.String(), url: Type.String() });
export type BookingFeed = Static<typeof BookingFeed>;

/** `GET /api/bookings/feed/:token`: the secret of a feed address. */
export const BookingFeedParams = Type.Object(
  {
    token: Type.String({
      pattern: '^[A-Za-z0-9_-]{43}$',
      description: 'token: the secret of the feed address',
    }),
  },
  { additionalProperties: false },
);
export type BookingFeedParams = Static<typeof BookingFeedParams>;

/** `PUT /api/admin/bookings/portal/:portalId`: a booking as the office's portal has it. */
export const PortalBookingBody = Type.Object(
  {
    categoryId: Id,
    at: Type.String({ format: 'date-time', description: 'at: the slot’s start' }),
    contact: Type.Optional(Type.Union([Contact, Type.Null()])),
    language: Type.Optional(LanguageSchema),
  },
  { additionalProperties: false },
);
export type PortalBookingBody = Static<typeof PortalBookingBody>;

/** The answer to an import: the booking, and whether this request changed anything. */
export const PortalImportResult = Type.Object({ booking: StaffBooking, changed: Type.Boolean() });
export type PortalImportResult = Static<typeof PortalImportResult>;

export const PortalChangesQuery = Type.Object(
  { since: Type.String({ format: 'date-time', description: 'since: an ISO 8601 date and time' }) },
  { additionalProperties: false },
);
export type PortalChangesQuery = Static<typeof PortalChangesQuery>;

/** What happened to the portal's bookings since a time: check-ins, no-shows, cancellations. */
export const PortalChanges = Type.Object({ bookings: Type.Array(StaffBooking) });
export type PortalChanges = Static<typeof PortalChanges>;

export const BookingExportQuery = Type.Object(
  { from: Day, to: Day, categoryId: Type.Optional(Id) },
  { additionalProperties: false },
);
export type BookingExportQuery = Static<typeof BookingExportQuery>;

/**
 * `POST /api/bookings/check-in`: a kiosk checks a booking in with its code, or, where the office
 * allows it, with the phone number given when booking (one of the two).
 */
export const CheckInBody = Type.Object(
  {
    code: Type.Optional(Type.String({ pattern: '^[0-9]{6}$', description: 'code: the booking’s 6 digits' })),
    phone: Type.Optional(
      Type.String({
        pattern: '^\\+?[0-9]{9,15}$',
        description: 'phone: the phone number given when booking, 9 to 15 digits',
      }),
    ),
    priorityGroupId: IssueTicketBody.properties.priorityGroupId,
    language: Type.Optional(LanguageSchema),
    interpreter: IssueTicketBody.properties.interpreter,
  },
  { additionalProperties: false },
);
export type CheckInBody = Static<typeof CheckInBody>;

/** The office's booking rules that are not a category's. */
export const BookingOfficeSettings = Type.Object({
  /** A client may check in at the kiosk with the phone number given when booking. */
  phoneCheckIn: Type.Boolean(),
});
export type BookingOfficeSettings = Static<typeof BookingOfficeSettings>;

export const BookingOfficeSettingsPatch = Type.Object(
  { phoneCheckIn: Type.Optional(Type.Boolean({ description: 'phoneCheckIn: true or false' })) },
  { additionalProperties: false },
);
export type BookingOfficeSettingsPatch = Static<typeof BookingOfficeSettingsPatch>;

/** `GET /api/bookings/check-in/options`: what the kiosk's check-in offers. */
export const CheckInOptions = Type.Object({ phone: Type.Boolean() });
export type CheckInOptions = Static<typeof CheckInOptions>;
