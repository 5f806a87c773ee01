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
  'backup',
] as const;
export type Section = (typeof SECTIONS)[number];

export function isSection(s: string): s is Section {
  return (SECTIONS as readonly string[]).includes(s);
}
