import { Type, type Static } from 'typebox';
import { Id, Timestamp } from './common.schema.ts';
import { TEXT_LIMITS } from '../text-limits.ts';
import { RoleSchema } from './auth.schema.ts';

const Username = Type.String({
  minLength: 2,
  maxLength: TEXT_LIMITS.username,
  pattern: '^[a-z0-9._-]+$',
  description: 'user name: 2 to 64 lower-case letters, digits, ".", "_" or "-"',
});
const Password = Type.String({
  minLength: 8,
  maxLength: TEXT_LIMITS.password,
  description: 'password: at least 8 characters',
});
const DisplayName = Type.String({
  minLength: 1,
  maxLength: TEXT_LIMITS.displayName,
  description: `display name: 1 to ${TEXT_LIMITS.displayName} characters`,
});

export const UserCreate = Type.Object(
  { username: Username, password: Password, role: RoleSchema, displayName: Type.Optional(DisplayName) },
  { additionalProperties: false },
);
export type UserCreate = Static<typeof UserCreate>;

/**
 * `POST /api/admin/offices/:id/admins`: a central administrator makes an administrator of an
 * office (its first, or another), who chooses their own password at first sign-in.
 */
export const OfficeAdminCreate = Type.Object(
  { username: Username, password: Password, displayName: Type.Optional(DisplayName) },
  { additionalProperties: false },
);
export type OfficeAdminCreate = Static<typeof OfficeAdminCreate>;

export const UserPatch = Type.Object(
  {
    password: Type.Optional(Password),
    role: Type.Optional(RoleSchema),
    displayName: Type.Optional(DisplayName),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UserPatch = Static<typeof UserPatch>;

/** A signed-in user chooses their own new password. */
export const PasswordChange = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200, description: 'your current password' }),
    newPassword: Password,
  },
  { additionalProperties: false },
);
export type PasswordChange = Static<typeof PasswordChange>;

export const User = Type.Object({
  id: Id,
  officeId: Id,
  username: Type.String(),
  displayName: Type.String(),
  role: RoleSchema,
  active: Type.Boolean(),
  createdAt: Timestamp,
});
export type User = Static<typeof User>;
