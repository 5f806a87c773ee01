import { Type, type Static } from 'typebox';
import { Id, Timestamp } from './common.schema.ts';

export const TimeZoneSchema = Type.String({
  minLength: 1,
  maxLength: 64,
  pattern: '^[A-Za-z_]+(/[A-Za-z0-9_+-]+)*$',
  description: 'an IANA time zone such as Europe/Warsaw',
});

export const Office = Type.Object({
  id: Id,
  name: Type.String(),
  timeZone: Type.String(),
});
export type Office = Static<typeof Office>;

export const OfficeCreate = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200, description: 'office name: 1 to 200 characters' }),
    timeZone: Type.Optional(TimeZoneSchema),
  },
  { additionalProperties: false },
);
export type OfficeCreate = Static<typeof OfficeCreate>;

export const OfficePatch = Type.Partial(OfficeCreate, { additionalProperties: false, minProperties: 1 });
export type OfficePatch = Static<typeof OfficePatch>;

/** One line of the office's audit log: who changed what, and when. */
export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  /** The member of staff who made the change; null for a device using its pairing link. */
  userId: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.Union([Type.String(), Type.Null()]),
  data: Type.Record(Type.String(), Type.Unknown()),
});
export type AuditEntry = Static<typeof AuditEntry>;
