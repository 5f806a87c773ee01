import { Type, type Static } from 'typebox';
import { DEVICE_KINDS } from '../constants.ts';
import { Id, Timestamp } from './common.schema.ts';
import { DisplaySettings } from './realtime.schema.ts';

export const DeviceKindSchema = Type.Enum(DEVICE_KINDS, { description: 'one of kiosk, display' });

export const DeviceCreate = Type.Object(
  {
    kind: DeviceKindSchema,
    name: Type.String({ minLength: 1, maxLength: 120, description: 'device name: 1 to 120 characters' }),
  },
  { additionalProperties: false },
);
export type DeviceCreate = Static<typeof DeviceCreate>;

export const DevicePatch = Type.Object(
  {
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 120, description: 'device name: 1 to 120 characters' }),
    ),
    printerId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
    revoked: Type.Optional(Type.Boolean({ description: 'true revokes the device token at once' })),
    /** A display's settings (displays only). */
    settings: Type.Optional(DisplaySettings),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type DevicePatch = Static<typeof DevicePatch>;

export const Device = Type.Object({
  id: Id,
  officeId: Id,
  kind: DeviceKindSchema,
  name: Type.String(),
  printerId: Type.Union([Id, Type.Null()]),
  revoked: Type.Boolean(),
  createdAt: Timestamp,
  lastSeenAt: Type.Union([Timestamp, Type.Null()]),
  /** A display's settings; null for a kiosk. */
  settings: Type.Union([DisplaySettings, Type.Null()]),
});
export type Device = Static<typeof Device>;

/** Returned once, when a device is created or its token renewed: the token is stored only hashed. */
export const DeviceWithToken = Type.Intersect([
  Device,
  Type.Object({
    token: Type.String(),
    pairingUrl: Type.String(),
    /** The pairing link as a QR code (SVG), to scan with the device's camera or a phone. */
    pairingQrSvg: Type.String(),
  }),
]);
export type DeviceWithToken = Static<typeof DeviceWithToken>;

/** What a paired device learns about itself (`GET /api/devices/me`). */
export const DeviceSelf = Type.Object({
  id: Id,
  kind: DeviceKindSchema,
  name: Type.String(),
  office: Type.Object({ id: Id, name: Type.String(), timeZone: Type.String() }),
  printer: Type.Union([Type.Object({ id: Id, name: Type.String(), status: Type.String() }), Type.Null()]),
});
export type DeviceSelf = Static<typeof DeviceSelf>;
