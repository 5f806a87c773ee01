/**
 * The order people expect a list of names in, whatever the database: Polish alphabetical
 * ("Lampa", "Łazienka", "Zielony"), numbers by value ("TV 2" before "TV 10"), capitals and small
 * letters together. SQLite sorts text by its bytes and PostgreSQL by the database's collation, so
 * lists that people read are sorted here instead, the same on both engines.
 */
const collator = new Intl.Collator('pl', { numeric: true });

export function compareNames(a: string, b: string): number {
  return collator.compare(a, b);
}

/** `items` sorted by `name` of each, by {@link compareNames}; a new array, stable for equal names. */
export function sortedByName<T>(items: readonly T[], name: (item: T) => string): T[] {
  return [...items].sort((a, b) => compareNames(name(a), name(b)));
}
