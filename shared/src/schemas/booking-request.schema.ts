import { Type, type Static } from 'typebox';
import { Id, LanguageSchema, Timestamp } from './common.schema.ts';

/**
 * Confirming a booking by e-mail: where the office has a mail server, a public booking holds only
 * once its booker types the code the server e-mailed them, so nobody can take every slot with
 * made-up contacts.
 */

/** `GET /api/bookings/options`: what the booking page needs to know about this installation. */
export const BookingOptions = Type.Object({
  /** A booking is made in two steps: an e-mail with a code, then the code typed on the page. */
  emailConfirmation: Type.Boolean(),
  /** How long a confirmation code holds, in minutes. */
  confirmMinutes: Type.Integer(),
});
export type BookingOptions = Static<typeof BookingOptions>;

/** `POST /api/bookings/requests`: a booking to confirm by e-mail. */
export const BookingRequestCreate = Type.Object(
  {
    categoryId: Id,
    at: Type.String({ format: 'date-time', description: 'at: the slot’s start, as listed' }),
    contact: Type.Optional(
      Type.String({
        minLength: 5,
        maxLength: 120,
        pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
        description: 'contact: an e-mail address to send the confirmation code to',
      }),
    ),
    language: Type.Optional(LanguageSchema),
  },
  { additionalProperties: false },
);
export type BookingRequestCreate = Static<typeof BookingRequestCreate>;

/** The answer to a booking request: the code is on its way to the address. */
export const BookingRequestStarted = Type.Object({
  id: Id,
  expiresAt: Timestamp,
  validMinutes: Type.Integer(),
});
export type BookingRequestStarted = Static<typeof BookingRequestStarted>;

/** `POST /api/bookings/requests/:id/confirm`: the code from the e-mail. */
export const BookingConfirmBody = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{6}$', description: 'code: the 6 digits from the e-mail' }) },
  { additionalProperties: false },
);
export type BookingConfirmBody = Static<typeof BookingConfirmBody>;
