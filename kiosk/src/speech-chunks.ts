import { SPEECH_TEXT_MAX } from '@numerek/shared/speech';

/** The most the server renders in one request. */
export const MAX_CHUNK = SPEECH_TEXT_MAX;

/**
 * Cuts a screen's text into pieces the server renders one by one (at most 300 characters each):
 * as many whole sentences as fit, else a long sentence cut at a comma or a space.
 */
export function speechChunks(text: string, max = MAX_CHUNK): string[] {
  const sentences = text
    .replace(/\s+/g, ' ')
    .trim()
    .split(/(?<=[.!?])\s+/)
    .filter(Boolean);
  const pieces: string[] = [];
  for (const sentence of sentences) {
    let rest = sentence;
    while (rest.length > max) {
      const window = rest.slice(0, max);
      const cut = Math.max(window.lastIndexOf(', '), window.lastIndexOf(' '));
      const at = cut > 0 ? cut + 1 : max;
      pieces.push(rest.slice(0, at).trim());
      rest = rest.slice(at).trim();
    }
    if (rest) pieces.push(rest);
  }
  const chunks: string[] = [];
  for (const piece of pieces) {
    const last = chunks[chunks.length - 1];
    if (last !== undefined && last.length + 1 + piece.length <= max)
      chunks[chunks.length - 1] = `${last} ${piece}`;
    else chunks.push(piece);
  }
  return chunks;
}
