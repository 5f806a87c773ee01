/**
 * The names of the details the server records with an audit entry, and the fields of the records
 * whose changes it lists (the `fields` of an update, the settings it records before and after).
 * The console has a word for each in every language; the server may record no other name.
 */
export const AUDIT_DETAIL_KEYS = [
  // Written by name in the details.
  'name',
  'names',
  'number',
  'prefix',
  'username',
  'role',
  'code',
  'counterId',
  'reasonCode',
  'policyWouldCall',
  'fields',
  'connection',
  'agent',
  'passwordReset',
  'ownPasswordChanged',
  'kind',
  'reason',
  'replacedToken',
  'expiresAt',
  'linkBy',
  'linkCreatedAt',
  'sizeBytes',
  'tickets',
  'integrity',
  'deleted',
  'portalId',
  'deviceId',
  'before',
  'after',
  'clerk',
  'ticketOutcome',
  'accountDeactivated',
  // Fields of staff, counters, categories, priority groups, printers, devices and offices.
  'displayName',
  'password',
  'categoryIds',
  'active',
  'revoked',
  'timeZone',
  'agentId',
  'printerId',
  'settings',
  'codePage',
  'paperWidth',
  'cyrillic',
  'cut',
  'maxJobAgeSeconds',
  'descriptions',
  'displayOrder',
  'pictogram',
  'stopIssuingNearClosing',
  'legalBasis',
  'dailyLimit',
  'maxWaitMinutes',
  'openingHours',
  'accessibility',
  'weight',
  // The office's queue settings and its survey, recorded before and after.
  'priorityWeight',
  'consecutivePriorityCap',
  'strictPriority',
  'enabled',
  'tablet',
  'phone',
  'perClerk',
  // Bookings of a category and of the office.
  'slotMinutes',
  'perSlot',
  'daysFrom',
  'daysAhead',
  'walkInPercent',
  'checkInBeforeMinutes',
  'checkInAfterMinutes',
  'contactRequired',
  'phoneCheckIn',
] as const;

/** The name of a detail of an audit entry. */
export type AuditDetailKey = (typeof AUDIT_DETAIL_KEYS)[number];

/** An audit entry's details: only names the console has words for. */
export type AuditDetails = { readonly [K in AuditDetailKey]?: unknown };

/** Details that hold a moment (an ISO timestamp), shown on the office's clock. */
export const AUDIT_TIME_KEYS: readonly AuditDetailKey[] = ['expiresAt', 'linkCreatedAt'];

/** Details that hold a user's id, shown as the user's name. */
export const AUDIT_USER_KEYS: readonly AuditDetailKey[] = ['linkBy'];

/** The reasons a pairing link was refused (`reason` of `pair-refused`). */
export const PAIRING_REFUSAL_REASONS = ['used', 'expired'] as const;
