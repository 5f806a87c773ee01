/** The parts of the `hyphen` package the kiosk uses (it ships no types). */
interface Hyphenation {
  /** The text with soft hyphens (U+00AD) where a word may break. */
  hyphenateSync(text: string, options?: { hyphenChar?: string; minWordLength?: number }): string;
}
declare module 'hyphen/pl' {
  const hyphenation: Hyphenation;
  export = hyphenation;
}
declare module 'hyphen/en-us' {
  const hyphenation: Hyphenation;
  export = hyphenation;
}
declare module 'hyphen/uk' {
  const hyphenation: Hyphenation;
  export = hyphenation;
}
