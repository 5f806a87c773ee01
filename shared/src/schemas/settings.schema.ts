import { Type, type Static } from 'typebox';

/** The office's priority policy settings (see the design's priority policy). */
export const PolicySettingsSchema = Type.Object({
  /** How many times faster a priority client's wait counts, the same for every priority group. */
  priorityWeight: Type.Number(),
  consecutivePriorityCap: Type.Union([Type.Integer({ minimum: 1 }), Type.Null()]),
  strictPriority: Type.Boolean(),
});
export type OfficePolicySettings = Static<typeof PolicySettingsSchema>;

export const PolicySettingsPatch = Type.Object(
  {
    priorityWeight: Type.Optional(
      Type.Number({
        minimum: 1,
        maximum: 10,
        description:
          'priority weight: how many times faster a priority client’s wait counts, 1 to 10 (4 is the default), the same for every priority group',
      }),
    ),
    consecutivePriorityCap: Type.Optional(
      Type.Union([
        Type.Integer({
          minimum: 1,
          maximum: 20,
          description:
            'consecutive priority cap: 1 to 20 priority calls in a row at one counter, or null for off',
        }),
        Type.Null(),
      ]),
    ),
    strictPriority: Type.Optional(Type.Boolean({ description: 'strict priority: true or false' })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type PolicySettingsPatch = Static<typeof PolicySettingsPatch>;
