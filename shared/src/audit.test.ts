import { describe, expect, it } from 'vitest';
import { AUDIT_DETAIL_KEYS, AUDIT_TIME_KEYS, AUDIT_USER_KEYS } from './audit.ts';
import {
  BookingOfficeSettingsPatch,
  BookingSettingsPatch,
  CategoryPatch,
  CounterPatch,
  DevicePatch,
  OfficePatch,
  PolicySettingsSchema,
  PrinterPatch,
  PriorityGroupPatch,
  SurveySettings,
  UserPatch,
} from './index.ts';

/**
 * The records whose fields the server writes into audit details: the `fields` of an update, a
 * booking patch recorded whole, and the settings recorded before and after.
 */
const AUDITED = {
  BookingOfficeSettingsPatch,
  BookingSettingsPatch,
  CategoryPatch,
  CounterPatch,
  DevicePatch,
  OfficePatch,
  PolicySettingsSchema,
  PrinterPatch,
  PriorityGroupPatch,
  SurveySettings,
  UserPatch,
};

describe('audit detail keys', () => {
  const known = new Set<string>(AUDIT_DETAIL_KEYS);

  it.each(Object.entries(AUDITED))('holds every field of %s', (_, schema) => {
    const fields = Object.keys((schema as { properties: Record<string, unknown> }).properties);
    expect(fields.length).toBeGreaterThan(0);
    expect(fields.filter((f) => !known.has(f))).toEqual([]);
  });

  it('lists each key once, and the moments and users among them', () => {
    expect(known.size).toBe(AUDIT_DETAIL_KEYS.length);
    for (const k of [...AUDIT_TIME_KEYS, ...AUDIT_USER_KEYS]) expect(known.has(k)).toBe(true);
  });
});
