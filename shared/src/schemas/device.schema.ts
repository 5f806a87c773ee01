import { Type, type Static } from 'typebox';
import { DEVICE_KINDS } from '../constants.ts';
import { TEXT_LIMITS } from '../text-limits.ts';
import { Id, Timestamp } from './common.schema.ts';
import { DisplaySettings } from './realtime.schema.ts';

export const DeviceKindSchema = Type.Enum(DEVICE_KINDS, {
  description: 'one of kiosk, display, print-agent, feedback',
});

const DeviceName = Type.String({
  minLength: 1,
  maxLength: TEXT_LIMITS.deviceName,
  description: `device name: 1 to ${TEXT_LIMITS.deviceName} characters`,
});

export const DeviceCreate = Type.Object(
  {
    kind: DeviceKindSchema,
    name: DeviceName,
  },
  { additionalProperties: false },
);
export type DeviceCreate = Static<typeof DeviceCreate>;

export const DevicePatch = Type.Object(
  {
    name: Type.Optional(DeviceName),
    printerId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
    revoked: Type.Optional(Type.Boolean({ description: 'true revokes the device token at once' })),
    /** A display's settings (displays only). */
    settings: Type.Optional(DisplaySettings),
    /** The counter a feedback tablet stands beside (feedback tablets only); null unbinds it. */
    counterId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 64 }), Type.Null()])),
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
  /** When the device last used a pairing link for its token; null until it has. */
  pairedAt: Type.Union([Timestamp, Type.Null()]),
  /** A display's settings; null for a kiosk. */
  settings: Type.Union([DisplaySettings, Type.Null()]),
  /** The counter a feedback tablet stands beside; null for other devices and an unbound tablet. */
  counterId: Type.Union([Id, Type.Null()]),
});
export type Device = Static<typeof Device>;

/**
 * A device's pairing link, returned once when the device is created or a new link is made for it.
 * The link carries a one-time code, not the device's token: it works once, until `pairingExpiresAt`
 * (`PAIRING_LINK_TTL_MS`, 24 hours, after it was made), and a newer link of the same device replaces it.
 */
export const DeviceWithPairingLink = Type.Intersect([
  Device,
  Type.Object({
    pairingUrl: Type.String(),
    /** The pairing link as a QR code (SVG), to scan with the device's camera or a phone. */
    pairingQrSvg: Type.String(),
    /** Until when the link can be used. */
    pairingExpiresAt: Timestamp,
  }),
]);
export type DeviceWithPairingLink = Static<typeof DeviceWithPairingLink>;

/** `POST /api/admin/devices/:id/pairing` takes nothing. */
export const NewPairingLinkBody = Type.Union([Type.Object({}, { additionalProperties: false }), Type.Null()]);

/** A pairing link's code (the part after `#pair=`), exchanged once for the device's own token. */
export const DevicePairBody = Type.Object(
  {
    code: Type.String({
      minLength: 16,
      maxLength: 128,
      pattern: '^[A-Za-z0-9_-]{16,128}$',
      description: "code: the part of the pairing link after '#pair='",
    }),
  },
  { additionalProperties: false },
);
export type DevicePairBody = Static<typeof DevicePairBody>;

/** The device's own token: it sends it as `Authorization: Bearer <token>` from then on. */
export const DevicePaired = Type.Object({ token: Type.String() });
export type DevicePaired = Static<typeof DevicePaired>;

/** What a paired device learns about itself (`GET /api/devices/me`). */
export const DeviceSelf = Type.Object({
  id: Id,
  kind: DeviceKindSchema,
  name: Type.String(),
  office: Type.Object({ id: Id, name: Type.String(), timeZone: Type.String() }),
  printer: Type.Union([Type.Object({ id: Id, name: Type.String(), status: Type.String() }), Type.Null()]),
});
export type DeviceSelf = Static<typeof DeviceSelf>;

/** The answer to a device's long poll for configuration changes: the office's configuration version. */
export const ConfigVersion = Type.Object({ version: Type.Integer() });
export type ConfigVersion = Static<typeof ConfigVersion>;
