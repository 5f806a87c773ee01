import { Type, type Static } from 'typebox';
import { CENTRAL_ROLE, ROLES } from '../constants.ts';
import { Id, LanguageSchema } from './common.schema.ts';

export const RoleSchema = Type.Enum(ROLES, { description: 'one of clerk, supervisor, admin' });

/** The role of whoever is signed in: one in an office, or the installation's central administrator. */
export const AccountRoleSchema = Type.Union([RoleSchema, Type.Literal(CENTRAL_ROLE)]);

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64, description: 'your user name' }),
    password: Type.String({ minLength: 1, maxLength: 200, description: 'your password' }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const Me = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  role: AccountRoleSchema,
  /** The office the user works in; null for a central administrator, who belongs to none. */
  officeId: Type.Union([Id, Type.Null()]),
  /** That office's name (null for a central administrator). */
  officeName: Type.Union([Type.String(), Type.Null()]),
  /**
   * That office's time zone (IANA), in which its days are counted: the console's "today" is the
   * office's, whatever the computer's own zone (null for a central administrator).
   */
  officeTimeZone: Type.Union([Type.String(), Type.Null()]),
  /**
   * The password was generated or set by someone else: the user must choose a new one
   * (`POST /api/auth/password`) before anything else answers (PASSWORD_CHANGE_REQUIRED).
   */
  passwordChangeRequired: Type.Boolean(),
  /** The language the user chose for the panel and the console (Polish until they choose). */
  language: LanguageSchema,
});
export type Me = Static<typeof Me>;

/** `PATCH /api/auth/me`: what a signed-in user may change of their own account. */
export const MePatch = Type.Object({ language: LanguageSchema }, { additionalProperties: false });
export type MePatch = Static<typeof MePatch>;
