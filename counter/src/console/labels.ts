/**
 * The words for a code that the wire carries as a plain string, from a map typed by the code's
 * union (so a new code in the protocol fails the typecheck until it has words); an unknown code
 * from a newer server is shown as it is.
 */
export function labelOf<K extends string>(labels: Record<K, string>, code: string): string {
  return Object.hasOwn(labels, code) ? labels[code as K] : code;
}
