import { Type, type Static } from 'typebox';

/*
 * A priority group says only who qualifies (its names, pictogram and legal basis). How much
 * faster a priority client's wait counts is the office's one `priorityWeight` (the policy
 * settings), the same for every group: a weight per group would tell, from a ticket, which group
 * its client declared.
 */
import { Id, I18nNames } from './common.schema.ts';

const Fields = {
  names: I18nNames,
  pictogram: Type.Optional(
    Type.String({
      maxLength: 64,
      pattern: '^[a-z0-9-]+$',
      description: 'pictogram key: lower-case letters, digits and "-"',
    }),
  ),
  legalBasis: Type.Optional(
    Type.String({ maxLength: 1000, description: 'legal basis note: at most 1000 characters' }),
  ),
  active: Type.Optional(Type.Boolean()),
  displayOrder: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 10000, description: 'display order: 0 to 10000' }),
  ),
};

export const PriorityGroupCreate = Type.Object(Fields, { additionalProperties: false });
export type PriorityGroupCreate = Static<typeof PriorityGroupCreate>;
export const PriorityGroupPatch = Type.Partial(Type.Object(Fields), {
  additionalProperties: false,
  minProperties: 1,
});
export type PriorityGroupPatch = Static<typeof PriorityGroupPatch>;

export const PriorityGroup = Type.Object({
  id: Id,
  officeId: Id,
  names: I18nNames,
  pictogram: Type.String(),
  legalBasis: Type.String(),
  active: Type.Boolean(),
  displayOrder: Type.Integer(),
});
export type PriorityGroup = Static<typeof PriorityGroup>;

/** What the kiosk shows: never the legal note. */
export const PublicPriorityGroup = Type.Object({
  id: Id,
  names: I18nNames,
  pictogram: Type.String(),
});
export type PublicPriorityGroup = Static<typeof PublicPriorityGroup>;
