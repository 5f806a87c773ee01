/** The console's sections, in the order of its menu. */
export const SECTIONS = [
  'dashboard',
  'categories',
  'priority',
  'counters',
  'users',
  'devices',
  'printers',
  'audit',
  'ticket',
  'reports',
  'survey',
  'bookings',
  'backup',
] as const;
export type Section = (typeof SECTIONS)[number];

/**
 * The page where the signed-in user changes their own password: open to every role (a clerk
 * included, who has no other page of the console) and to the central administrator, reached from
 * the top bar rather than the menu.
 */
export const PASSWORD_SECTION = 'password';

export function isSection(s: string): s is Section {
  return (SECTIONS as readonly string[]).includes(s);
}

/**
 * The central administrator's sections: the offices and their administrators, the report across
 * offices, and backups of the whole installation.
 */
export const CENTRAL_SECTIONS = ['offices', 'summary', 'backup'] as const;
export type CentralSection = (typeof CENTRAL_SECTIONS)[number];

export function isCentralSection(s: string): s is CentralSection {
  return (CENTRAL_SECTIONS as readonly string[]).includes(s);
}
