/**
 * Replaces `{name}` placeholders. Kept apart from the kiosk's dictionary so the phone page, a
 * bundle of its own, takes it without the kiosk's words.
 */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, key: string) => (key in values ? String(values[key]) : m));
}
